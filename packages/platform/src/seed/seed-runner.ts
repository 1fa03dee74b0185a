// Running a subgraph's part of the demo seed: per tenant, in one tenant transaction, under RLS.
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SubgraphName } from '../config';
import type { Database, Executor } from '../db/database';
import { tenantWideRunner } from '../db/tenant';
import type { DemoTenant } from './demo-types';

export type TenantSeeder = (tx: Executor, tenant: DemoTenant) => Promise<void>;

/** Replaces each demo tenant's rows of one subgraph, one transaction per tenant. */
export async function seedSubgraph(
  database: Database,
  subgraph: SubgraphName,
  tenants: DemoTenant[],
  seedTenant: TenantSeeder,
): Promise<void> {
  for (const tenant of tenants) await tenantWideRunner(database, subgraph, tenant.id)((tx) => seedTenant(tx, tenant));
}

/** Inserts rows in chunks that stay under Postgres' 65,535 bind parameters. */
export async function insertInChunks<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: Array<T['$inferInsert']>,
  chunkSize = 1000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunkSize) {
    await tx.insert(table).values(rows.slice(start, start + chunkSize));
  }
}
