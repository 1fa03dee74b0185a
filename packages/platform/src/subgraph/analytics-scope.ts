// What the analytics fields of a subgraph work with: a read-only (replica) runner, the cell threshold, pseudonyms.
import { createHmac } from 'node:crypto';
import type { Identity } from '../auth/identity';
import type { SubgraphName } from '../config';
import type { Database } from '../db/database';
import { tenantWideRunner, type TenantRunner } from '../db/tenant';

/** Settings every subgraph receives from configuration. */
export interface SubgraphSettings {
  /** Aggregates counting fewer than this many are suppressed. */
  analyticsMinCell: number;
  /** HMAC key for pseudonymous keys in aggregates. */
  pseudonymKey: string;
  /** Access events older than this many days may be purged (with a signed checkpoint). */
  auditRetentionDays: number;
  /** HMAC key signing the checkpoints that keep a purged ledger verifiable. */
  auditCheckpointKey: string;
}

export const DEFAULT_SUBGRAPH_SETTINGS: SubgraphSettings = {
  analyticsMinCell: 5,
  pseudonymKey: 'development-pseudonym-key',
  auditRetentionDays: 2557,
  auditCheckpointKey: 'development-checkpoint-key',
};

export interface AnalyticsScope {
  /** Runs in a READ ONLY tenant transaction, on the read replica when one is configured. */
  run: TenantRunner;
  tenantId: string;
  /** `{ count, suppressed }` with the count nulled below the threshold. */
  cell(count: number): { count: number | null; suppressed: boolean };
  /** A stable pseudonym for an id (keyed HMAC, per tenant), never the id itself. */
  pseudonym(id: string): string;
}

export function createAnalyticsScope(
  database: Database,
  subgraph: SubgraphName,
  identity: Identity,
  settings: SubgraphSettings,
): AnalyticsScope {
  return {
    run: tenantWideRunner(database.replica ?? database, subgraph, identity.tenantId, { readOnly: true }),
    tenantId: identity.tenantId,
    cell: (count) =>
      count < settings.analyticsMinCell ? { count: null, suppressed: true } : { count, suppressed: false },
    pseudonym: (id) =>
      createHmac('sha256', settings.pseudonymKey).update(`${identity.tenantId}:${id}`).digest('base64url').slice(0, 16),
  };
}
