// The Patient entity stub: the patient subgraph owns it; this one adds its prescriptions.
import { instantKey, isId, parsePage, toConnection } from '@caregraph/platform';
import type { PatientResolvers } from '../__generated__/resolvers-types';

export const Patient: PatientResolvers = {
  __resolveReference: (ref) => (isId(ref.id) ? { id: ref.id } : null),
  prescriptions: async (patient, args, { loaders }) => {
    const page = parsePage(args, 'instant');
    const filter = { first: page.first, after: page.after, status: args.status ?? null };
    const rows = await loaders.patientPrescriptions(filter).load(patient.id);
    return toConnection(rows, page, (row) => instantKey(row.issuedAt, row.id));
  },
};
