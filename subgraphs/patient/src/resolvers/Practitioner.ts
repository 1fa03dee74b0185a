// Fields and entity reference of Practitioner.
import { isId } from '@caregraph/platform';
import type { PractitionerResolvers } from '../__generated__/resolvers-types';

export const Practitioner: PractitionerResolvers = {
  __resolveReference: (ref, { loaders }) => (isId(ref.id) ? loaders.practitioner.load(ref.id) : null),
  name: (row) => ({ given: row.givenName, family: row.familyName }),
};
