// Patient as seen by the appointment subgraph: an entity stub with its appointments connection.
import { instantKey, isId, parsePage, toConnection } from '@caregraph/platform';
import type { PatientResolvers } from '../__generated__/resolvers-types';

export const Patient: PatientResolvers = {
  __resolveReference: (ref) => (isId(ref.id) ? { id: ref.id } : null),
  appointments: async (ref, args, { loaders }) => {
    const page = parsePage(args, 'instant');
    const loader = loaders.patientAppointments({ ...page, status: args.status ?? null, from: args.from ?? null });
    return toConnection(await loader.load(ref.id), page, (row) => instantKey(row.startsAt, row.id));
  },
};
