// Reads that return rows with their access facts: records by id (unreadable ones as keys only) and pages per patient.
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Guarded } from '../access/row-policy';
import type { Executor } from './database';

type TenantTable = PgTable & { tenantId: PgColumn; id: PgColumn };
type RowOf<T extends PgTable> = T['$inferSelect'];

/** `array[$1::uuid, …]`, or an empty uuid array. */
export function uuidArray(ids: readonly string[]): SQL {
  if (!ids.length) return sql`'{}'::uuid[]`;
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
}

/** The rows of `rows` as guarded rows the caller may read, with the care-team fact read beside them. */
export function readableRows<Row>(rows: Array<Row & { careTeam: boolean | null }>): Guarded<Row>[] {
  return rows.map(({ careTeam, ...row }) => ({ ...(row as Row), access: { readable: true, careTeam: careTeam === true } }));
}

export interface RecordsByIdsOptions {
  tenantId: string;
  /**
   * The owner's keys interface called with the ids (`<schema>.<table>_keys_v1(ids)`): the id and
   * patient of each record of the tenant, whatever the caller may read. Aliased here as `k`.
   */
  keys: (ids: SQL) => SQL;
  /** The records the caller may read (the row policy's `readable`). */
  readable: SQL | undefined;
  /** The care-team fact of a row (the row policy's `careTeam` over the table's patient column). */
  careTeam: SQL<boolean>;
}

/**
 * The records with these ids, in one statement: those the caller may read whole, with their
 * care-team fact; those of the tenant it may not read as keys only (`id`, `patientId`), so their
 * fields can be refused without a single other column leaving the database. Ids of other tenants
 * (or of nothing) are absent.
 */
export async function recordsByIds<T extends TenantTable>(
  tx: Executor,
  table: T,
  ids: readonly string[],
  options: RecordsByIdsOptions,
): Promise<Array<Guarded<RowOf<T>>>> {
  if (!ids.length) return [];
  const rows = await tx
    .select({
      keyId: sql<string>`k.id`.as('key_id'),
      keyPatientId: sql<string | null>`k.patient_id`.as('key_patient_id'),
      row: getTableColumns(table as PgTable),
      careTeam: options.careTeam.as('care_team'),
    })
    .from(sql`${options.keys(uuidArray(ids))} as k`)
    .leftJoin(table as PgTable, and(eq(table.tenantId, options.tenantId), eq(table.id, sql`k.id`), options.readable));
  return rows.map(({ keyId, keyPatientId, row, careTeam }) =>
    row
      ? ({ ...row, access: { readable: true, careTeam: careTeam === true } } as Guarded<RowOf<T>>)
      : ({ id: keyId, patientId: keyPatientId, access: { readable: false, careTeam: false } } as unknown as Guarded<
          RowOf<T>
        >),
  );
}

export interface PagesByPatientOptions {
  tenantId: string;
  /** The table's patient column. */
  patientColumn: PgColumn;
  /** Whether the caller may read these records of the patient `patientId` at all (the row policy's `onPatient`). */
  patientReadable: (patientId: SQL) => SQL<boolean>;
  /** The records the caller may read (the row policy's `readable`). */
  readable: SQL | undefined;
  /** The care-team fact of a row. */
  careTeam: SQL<boolean>;
  /** Filters of the page (status, cursor …). */
  where?: SQL;
  orderBy: SQL[];
  /** Rows per patient (page size + 1 to tell whether there is a next page). */
  limit: number;
}

/**
 * Per patient, in one statement: its first `limit` records the caller may read, or null when the
 * caller may not read that patient's records of this kind (then none of them is fetched).
 */
export async function pagesByPatient<T extends TenantTable>(
  tx: Executor,
  table: T,
  patientIds: readonly string[],
  options: PagesByPatientOptions,
): Promise<Map<string, Array<Guarded<RowOf<T>>> | null>> {
  const pages = new Map<string, Array<Guarded<RowOf<T>>> | null>();
  if (!patientIds.length) return pages;
  const parentId = sql`parent.id`;
  const readable = options.patientReadable(parentId);
  const columns: Record<string, PgColumn> = getTableColumns(table as PgTable);
  const page = tx
    .select({ ...columns, careTeam: options.careTeam.as('care_team') })
    .from(table as PgTable)
    .where(and(eq(table.tenantId, options.tenantId), eq(options.patientColumn, parentId), options.readable, options.where))
    .orderBy(...options.orderBy)
    .limit(options.limit)
    .as('page');
  const pageFields = Object.fromEntries(
    [...Object.keys(columns), 'careTeam'].map((key) => [key, (page as unknown as Record<string, SQL>)[key]!]),
  );
  const rows = await tx
    .select({ parentId: sql<string>`parent.id`.as('parent_id'), allowed: readable.as('parent_readable'), row: pageFields })
    .from(sql`unnest(${uuidArray(patientIds)}) as parent(id)`)
    .leftJoinLateral(page, readable);
  for (const { parentId: id, allowed, row } of rows) {
    if (!allowed) {
      pages.set(id, null);
      continue;
    }
    const list = pages.get(id) ?? [];
    if (row) {
      const { careTeam, ...fields } = row as Record<string, unknown>;
      list.push({ ...(fields as RowOf<T>), access: { readable: true, careTeam: careTeam === true } });
    }
    pages.set(id, list);
  }
  return pages;
}
