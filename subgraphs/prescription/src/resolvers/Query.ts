// Root queries of the prescription subgraph: read arguments, call loaders or the analytics.
import { parseId } from '@caregraph/platform';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { prescriptionCounts } from '../analytics';

export const Query: QueryResolvers = {
  prescriptionCounts: (_parent, args, { analytics }) => prescriptionCounts(analytics, args),
  prescription: (_parent, { id }, { loaders }) => loaders.prescription.load(parseId('id', id)),
};
