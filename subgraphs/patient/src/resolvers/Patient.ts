// Fields and entity reference of Patient; every relation goes through a loader.
import { isId } from '@caregraph/platform';
import type { PatientResolvers } from '../__generated__/resolvers-types';

export const Patient: PatientResolvers = {
  __resolveReference: (ref, { loaders }) => (isId(ref.id) ? loaders.patient.load(ref.id) : null),
  name: (row) => ({ given: row.givenName, family: row.familyName }),
  allergies: (row, _args, { loaders }) => loaders.allergies.load(row.id),
  careTeam: (row, _args, { loaders }) => loaders.careTeam.load(row.id),
};
