// Fields and entity reference of AccessEvent; the acting practitioner is a Practitioner reference by id.
import { Role, isId } from '@caregraph/platform';
import type { AccessEventResolvers } from '../__generated__/resolvers-types';

const PRACTITIONER_ROLES: readonly string[] = [Role.Doctor, Role.Nurse];

export const AccessEvent: AccessEventResolvers = {
  __resolveReference: (ref, { loaders }) => (isId(ref.id) ? loaders.accessEvent.load(ref.id.toLowerCase()) : null),
  actorPractitioner: (row) =>
    row.actorRoles.some((role) => PRACTITIONER_ROLES.includes(role)) ? { id: row.actorId } : null,
};
