// Patient as seen by the audit subgraph: an entity stub with the accesses to its records.
import { isId, toConnection } from '@caregraph/platform';
import type { PatientResolvers } from '../__generated__/resolvers-types';
import { parseSeqPage, seqKey } from '../validation';

export const Patient: PatientResolvers = {
  __resolveReference: (ref) => (isId(ref.id) ? { id: ref.id } : null),
  accessLog: async (ref, args, { loaders }) => {
    const page = parseSeqPage(args);
    return toConnection(await loaders.patientAccessLog(page).load(ref.id.toLowerCase()), page, seqKey);
  },
};
