// Tenant-scoped transactions: every statement runs as the subgraph's non-owner role under RLS.
import { sql } from 'drizzle-orm';
import type { SubgraphName } from '../config';
import type { Database, Executor } from './database';

/** The Postgres role a subgraph's queries run as (no superuser, no BYPASSRLS, own schema only). */
export function appRole(subgraph: SubgraphName): string {
  return `caregraph_${subgraph}`;
}

export type TenantRunner = <T>(work: (tx: Executor) => Promise<T>) => Promise<T>;

/**
 * Returns a runner that wraps work in one transaction whose first statement sets the tenant
 * (read by the RLS policies), switches to the subgraph's role and bounds every statement's
 * run time; on Postgres that statement travels with BEGIN, in a single round trip.
 */
export function tenantRunner(
  database: Database,
  subgraph: SubgraphName,
  tenantId: string,
  { readOnly = false } = {},
): TenantRunner {
  const role = appRole(subgraph);
  const timeout = `${database.statementTimeoutMs}ms`;
  const setup = sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${role}, true), set_config('statement_timeout', ${timeout}, true)`;
  return (work) => database.transaction(setup, work, { readOnly });
}
