// The audit subgraph's per-request context: caller, tenant-scoped repository, fresh loaders, the checkpoint key.
import {
  DEFAULT_SUBGRAPH_SETTINGS,
  contextFactory,
  type RequestScope,
  type SubgraphContext,
} from '@caregraph/platform';
import type { SubgraphDeps } from '@caregraph/platform';
import { createLoaders, type Loaders } from './loaders';
import { createAuditRepository, type AuditRepository } from './repository';

export type Context = SubgraphContext<AuditRepository, Loaders> & {
  /** Verifies the signatures of the ledger's checkpoints. */
  checkpointKey: string;
};

const baseContext = contextFactory('audit', createAuditRepository, createLoaders);

export function createContext(deps: SubgraphDeps, scope: RequestScope): Context {
  const { auditCheckpointKey } = deps.settings ?? DEFAULT_SUBGRAPH_SETTINGS;
  return { ...baseContext(deps, scope), checkpointKey: auditCheckpointKey };
}
