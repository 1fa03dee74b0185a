// Tenant-scoped transactions: every statement runs as the subgraph's non-owner role under RLS.
import { sql, type SQL } from 'drizzle-orm';
import { TENANT_WIDE_ROWS, type RowPolicy } from '../access/row-policy';
import type { SubgraphName } from '../config';
import type { Database, Executor } from './database';

/** The Postgres role a subgraph's queries run as (no superuser, no BYPASSRLS, own schema only). */
export function appRole(subgraph: SubgraphName): string {
  return `caregraph_${subgraph}`;
}

export type TenantRunner = <T>(work: (tx: Executor) => Promise<T>) => Promise<T>;

export interface TenantRunnerOptions {
  readOnly?: boolean;
  /**
   * The row settings the RLS policies read (a row policy's `settings`); by default every record
   * of the tenant (work that is no caller's request: seeding, the ledger writer, aggregates).
   */
  rows?: SQL;
}

/**
 * Returns a runner that wraps work in one transaction whose first statement sets the tenant and
 * the rows the RLS policies admit, switches to the subgraph's role and bounds every statement's
 * run time; on Postgres that statement travels with BEGIN, in a single round trip.
 */
export function tenantRunner(
  database: Database,
  subgraph: SubgraphName,
  tenantId: string,
  { readOnly = false, rows = TENANT_WIDE_ROWS }: TenantRunnerOptions = {},
): TenantRunner {
  const role = appRole(subgraph);
  const timeout = `${database.statementTimeoutMs}ms`;
  const setup = sql`select set_config('app.tenant_id', ${tenantId}, true), ${rows}, set_config('role', ${role}, true), set_config('statement_timeout', ${timeout}, true)`;
  return (work) => database.transaction(setup, work, { readOnly });
}

/** The runner of a caller's request: its tenant, and RLS limited to the records its row policy admits. */
export function requestRunner(database: Database, subgraph: SubgraphName, policy: RowPolicy): TenantRunner {
  return tenantRunner(database, subgraph, policy.identity.tenantId, { rows: policy.settings });
}
