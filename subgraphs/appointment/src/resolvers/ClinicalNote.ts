// Fields of ClinicalNote; its author is a Practitioner reference by id.
import type { ClinicalNoteResolvers } from '../__generated__/resolvers-types';

export const ClinicalNote: ClinicalNoteResolvers = {
  authoredBy: (row) => ({ id: row.authoredBy }),
};
