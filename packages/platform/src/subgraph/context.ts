// The per-request context every subgraph builds: caller, tenant-scoped repository, fresh loaders.
import { createAccess, type Access } from '../access/access';
import { createRowPolicy, type RowPolicy, type RowPolicySources } from '../access/row-policy';
import type { SubgraphName } from '../config';
import type { Database } from '../db/database';
import { createAnalyticsScope, DEFAULT_SUBGRAPH_SETTINGS, type AnalyticsScope } from './analytics-scope';
import type { RequestScope, SubgraphDeps } from './create-subgraph';

export type SubgraphContext<Repository, Loaders> = RequestScope & {
  access: Access;
  repo: Repository;
  loaders: Loaders;
  /** Read-only, de-identified aggregates (the analytics graph). */
  analytics: AnalyticsScope;
};

/** An entity owned by another subgraph, known here only by its id. */
export interface EntityRef {
  id: string;
}

/**
 * Returns the context builder of a subgraph: the caller's field decisions, a repository bound to
 * the caller's row policy (the one choke point for tenant and relationship scope: its SQL and the
 * RLS settings of its transactions) and a new set of DataLoaders for every request.
 */
export function contextFactory<Repository, Loaders>(
  subgraph: SubgraphName,
  createRepository: (database: Database, policy: RowPolicy) => Repository,
  createLoaders: (repo: Repository) => Loaders,
  sources: RowPolicySources = {},
) {
  return ({ database, settings }: SubgraphDeps, scope: RequestScope): SubgraphContext<Repository, Loaders> => {
    const access = createAccess(scope.identity);
    const repo = createRepository(database, createRowPolicy(scope.identity, sources));
    const analytics = createAnalyticsScope(database, subgraph, scope.identity, settings ?? DEFAULT_SUBGRAPH_SETTINGS);
    return { ...scope, access, repo, loaders: createLoaders(repo), analytics };
  };
}
