// Root queries of the audit subgraph: read arguments, call the repository.
import { toConnection } from '@caregraph/platform';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { parseEventFilter, parseSeqPage, seqKey } from '../validation';

export const Query: QueryResolvers = {
  accessEvents: async (_parent, args, { repo }) => {
    const page = parseSeqPage(args);
    return toConnection(await repo.listEvents(parseEventFilter(args.filter), page), page, seqKey);
  },
  auditIntegrity: (_parent, _args, { repo, checkpointKey }) => repo.verifyLedger(checkpointKey),
};
