// The first N rows of each parent in one statement (nested connections without N+1).
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './database';

export interface TopPerParentOptions {
  /** The column naming the parent (e.g. `patient_id`). */
  parent: PgColumn;
  /** The order inside each parent, e.g. sql`${t.startsAt}, ${t.id}`. */
  orderBy: SQL;
  /** Filters, including the tenant and `parent IN (…)`. */
  where: SQL | undefined;
  /** Rows per parent (page size + 1 to tell whether there is a next page). */
  limit: number;
}

/**
 * `row_number() over (partition by parent order by …)` in a subquery, keeping rows ranked
 * ≤ limit, returned in rank order (so grouping by parent keeps each parent's order).
 */
export async function topPerParent<T extends PgTable>(
  tx: Executor,
  table: T,
  options: TopPerParentOptions,
): Promise<Array<T['$inferSelect']>> {
  const rank = sql<number>`row_number() over (partition by ${options.parent} order by ${options.orderBy})`.as('rank');
  const columns: Record<string, PgColumn> = getTableColumns(table as PgTable);
  const ranked = tx
    .select({ ...columns, rank })
    .from(table as PgTable)
    .where(options.where)
    .as('ranked');
  const rows = await tx
    .select()
    .from(ranked)
    .where(sql`${sql.identifier('ranked')}.${sql.identifier('rank')} <= ${options.limit}`)
    .orderBy(sql`${sql.identifier('ranked')}.${sql.identifier('rank')}`);
  return rows as unknown as Array<T['$inferSelect']>;
}
