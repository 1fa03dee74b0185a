// Reads that return rows with their access facts: records by id (unreadable ones as keys only) and pages per patient.
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Guarded, RecordColumns, RowKind, RowPolicy } from '../access/row-policy';
import type { FieldGroup } from '../access/matrix';
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
  return rows.map(({ careTeam, ...row }) => ({
    ...(row as Row),
    access: { readable: true, careTeam: careTeam === true },
  }));
}

/** A table as one caller's requests read it: the row policy's conditions and facts for its records. */
export interface GuardedTable<T extends TenantTable> {
  table: T;
  policy: RowPolicy;
  /** `tenant_id = <the caller's tenant>`. */
  inTenant: SQL;
  /** The records the caller may read: undefined when every record of the tenant. */
  readable: SQL | undefined;
  /** Whether a row's patient is on the caller's care team. */
  careTeam: SQL<boolean>;
  /** Every column and the care-team fact, for `select` and `returning` (then `readableRows`). */
  withFacts: ReturnType<typeof getTableColumns<T>> & { careTeam: SQL.Aliased<boolean> };
  /** The columns naming the record's patient (and practitioner and booking client, where it has them). */
  columns: RecordColumns & { patientId: PgColumn };
}

/** Binds `table` (records of `kind`) to the caller's row policy. */
export function guardedTable<T extends TenantTable>(
  policy: RowPolicy,
  table: T,
  kind: RowKind,
  columns: RecordColumns & { patientId: PgColumn },
): GuardedTable<T> {
  const careTeam = policy.careTeam(columns.patientId);
  return {
    table,
    policy,
    inTenant: eq(table.tenantId, policy.identity.tenantId),
    readable: policy.readable(kind, columns),
    careTeam,
    withFacts: { ...getTableColumns(table), careTeam: careTeam.as('care_team') },
    columns,
  };
}

/**
 * The records with these ids, in one statement: those the caller may read whole, with their
 * care-team fact; those of the tenant it may not read as keys only (`id`, `patientId`), so their
 * fields can be refused without a single other column leaving the database. Ids of other tenants
 * (or of nothing) are absent. `keys` is the owner's keys function called with the ids
 * (`<schema>.<table>_keys_v1(ids)`: the id and patient of each record of the tenant).
 */
export async function recordsByIds<T extends TenantTable>(
  tx: Executor,
  source: GuardedTable<T>,
  ids: readonly string[],
  keys: (ids: SQL) => SQL,
): Promise<Array<Guarded<RowOf<T>>>> {
  if (!ids.length) return [];
  const { table } = source;
  const rows = await tx
    .select({
      keyId: sql<string>`k.id`.as('key_id'),
      keyPatientId: sql<string | null>`k.patient_id`.as('key_patient_id'),
      row: getTableColumns(table as PgTable),
      careTeam: source.careTeam.as('care_team'),
    })
    .from(sql`${keys(uuidArray(ids))} as k`)
    .leftJoin(table as PgTable, and(source.inTenant, eq(table.id, sql`k.id`), source.readable));
  return rows.map(({ keyId, keyPatientId, row, careTeam }) =>
    row
      ? readableRows([{ ...(row as RowOf<T>), careTeam }])[0]!
      : ({ id: keyId, patientId: keyPatientId, access: { readable: false, careTeam: false } } as unknown as Guarded<
          RowOf<T>
        >),
  );
}

export interface PatientPageOptions {
  /** The group whose read grant on the patient decides whether its records may be read at all. */
  group: FieldGroup;
  /** Filters of the page (status, cursor …). */
  where?: SQL;
  orderBy: SQL[];
  /** Rows per patient (page size + 1 to tell whether there is a next page). */
  limit: number;
}

/**
 * Per patient, in one statement: its first `limit` records the caller may read, in the page's
 * order, or null when the caller may not read that patient's records of this group (then the
 * page's query finds none of them: the patient-level condition is part of its WHERE).
 */
export async function pagesByPatient<T extends TenantTable>(
  tx: Executor,
  source: GuardedTable<T>,
  patientIds: readonly string[],
  options: PatientPageOptions,
): Promise<Map<string, Array<Guarded<RowOf<T>>> | null>> {
  const pages = new Map<string, Array<Guarded<RowOf<T>>> | null>();
  if (!patientIds.length) return pages;
  const { table } = source;
  const parentId = sql`parent.id`;
  const readable = source.policy.onPatient('read', options.group, parentId);
  const rank = sql<number>`row_number() over (order by ${sql.join(options.orderBy, sql`, `)})`.as('page_rank');
  const page = tx
    .select({ ...(source.withFacts as Record<string, PgColumn | SQL.Aliased>), rank })
    .from(table as PgTable)
    .where(and(readable, source.inTenant, eq(source.columns.patientId, parentId), source.readable, options.where))
    .orderBy(...options.orderBy)
    .limit(options.limit)
    .as('page');
  const pageFields = Object.fromEntries(
    Object.keys(source.withFacts).map((key) => [key, (page as unknown as Record<string, SQL>)[key]!]),
  );
  const rows = await tx
    .select({
      parentId: sql<string>`parent.id`.as('parent_id'),
      allowed: readable.as('parent_readable'),
      row: pageFields,
    })
    .from(sql`unnest(${uuidArray(patientIds)}) with ordinality as parent(id, position)`)
    .leftJoinLateral(page, sql`true`)
    .orderBy(sql`parent.position`, (page as unknown as Record<string, SQL>).rank!);
  for (const { parentId: id, allowed, row } of rows) {
    if (!allowed) {
      pages.set(id, null);
      continue;
    }
    const list = pages.get(id) ?? [];
    if (row) list.push(...readableRows([row as RowOf<T> & { careTeam: boolean | null }]));
    pages.set(id, list);
  }
  return pages;
}
