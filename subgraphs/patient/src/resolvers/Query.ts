// Root queries of the patient subgraph: read arguments, call loaders, the repository or the analytics.
import { parseId, parsePage, parseOptionalText, toConnection } from '@caregraph/platform';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { patientCounts } from '../analytics';

export const Query: QueryResolvers = {
  patientCounts: (_parent, args, { analytics }) => patientCounts(analytics, args),
  me: (_parent, _args, { identity }) => identity,
  patient: (_parent, { id }, { loaders }) => loaders.patient.load(parseId('id', id)),
  patients: async (_parent, args, { repo }) => {
    const page = parsePage(args);
    const rows = await repo.listPatients(page, parseOptionalText('search', args.search, 100));
    return toConnection(rows, page, (row) => [row.mrn, row.id]);
  },
  practitioner: (_parent, { id }, { loaders }) => loaders.practitioner.load(parseId('id', id)),
  practitioners: async (_parent, args, { repo }) => {
    const page = parsePage(args);
    return toConnection(await repo.listPractitioners(page), page, (row) => [row.familyName, row.id]);
  },
};
