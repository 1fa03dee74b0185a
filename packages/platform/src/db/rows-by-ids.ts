// The rows of a tenant-keyed table with the given ids, the shape every DataLoader by id needs.
import { and, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database';

type TenantTable = PgTable & { tenantId: PgColumn; id: PgColumn };

/** `select * from table where tenant_id = $tenant and id in (ids)`, in any order. */
export async function rowsByIds<T extends TenantTable>(
  tx: Executor,
  table: T,
  tenantId: string,
  ids: readonly string[],
): Promise<Array<T['$inferSelect']>> {
  const rows = await tx
    .select()
    .from(table as PgTable)
    .where(and(eq(table.tenantId, tenantId), inArray(table.id, [...ids])));
  return rows as Array<T['$inferSelect']>;
}
