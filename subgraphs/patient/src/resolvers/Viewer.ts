// The signed-in user (`me`): roles from the verified identity, records through loaders.
import { Role } from '@caregraph/platform';
import type { Role as GraphQLRole, ViewerResolvers } from '../__generated__/resolvers-types';

export const Viewer: ViewerResolvers = {
  userId: (identity) => identity.userId,
  tenantId: (identity) => identity.tenantId,
  roles: (identity) => identity.roles.map((role) => role.toUpperCase() as GraphQLRole),
  patient: (identity, _args, { loaders }) => (identity.patientId ? loaders.patient.load(identity.patientId) : null),
  practitioner: (identity, _args, { loaders }) =>
    identity.roles.includes(Role.Doctor) || identity.roles.includes(Role.Nurse)
      ? loaders.practitioner.load(identity.userId)
      : null,
};
