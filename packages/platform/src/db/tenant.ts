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

/**
 * A runner that wraps work in one transaction whose first statement sets the tenant and the row
 * settings the RLS policies read (`rows`), switches to the subgraph's role and bounds every
 * statement's run time; on Postgres that statement travels with BEGIN, in a single round trip.
 */
function runner(
  database: Database,
  subgraph: SubgraphName,
  tenantId: string,
  rows: SQL,
  readOnly: boolean,
): TenantRunner {
  const role = appRole(subgraph);
  const timeout = `${database.statementTimeoutMs}ms`;
  const setup = sql`select set_config('app.tenant_id', ${tenantId}, true), ${rows}, set_config('role', ${role}, true), set_config('statement_timeout', ${timeout}, true)`;
  return (work) => database.transaction(setup, work, { readOnly });
}

/** The runner of a caller's request: its tenant, and RLS limited to the records its row policy admits. */
export function requestRunner(database: Database, subgraph: SubgraphName, policy: RowPolicy): TenantRunner {
  return runner(database, subgraph, policy.identity.tenantId, policy.settings, false);
}

/**
 * The runner of work that is no caller's request — seeding, the ledger writer, retention, the
 * analytics graph's aggregates (granted on the whole clinic) — with every record of the tenant.
 */
export function tenantWideRunner(
  database: Database,
  subgraph: SubgraphName,
  tenantId: string,
  { readOnly = false } = {},
): TenantRunner {
  return runner(database, subgraph, tenantId, TENANT_WIDE_ROWS, readOnly);
}
