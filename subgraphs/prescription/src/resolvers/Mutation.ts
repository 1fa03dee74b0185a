// Mutations of the prescription subgraph: validate arguments, then one repository transaction each.
import { notFound, parseId, parseText } from '@caregraph/platform';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { parseIssueInput } from '../validation';

export const Mutation: MutationResolvers = {
  issuePrescription: (_parent, { input }, { repo }) => repo.issue(parseIssueInput(input)),

  revokePrescription: async (_parent, { id, reason }, { repo }) => {
    const row = await repo.revoke(parseId('id', id), parseText('reason', reason, { max: 500 }));
    if (!row) throw notFound('Prescription');
    return row;
  },
};
