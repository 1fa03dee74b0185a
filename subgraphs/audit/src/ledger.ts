// Appends access events to the ledger: per tenant, once per event id, each chained to the one before.
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { isId, rowsOf, tenantWideRunner, type AuditEvent, type Database, type Executor } from '@caregraph/platform';
import { GENESIS_HASH, chainHash, type ChainedEvent } from './chain';
import { accessEvent, checkpoint } from './db/schema';
import { appendLock } from './locks';

export { canonicalEvent } from './chain';

/** The ledger's columns (property, SQL name and type), read off the drizzle table. */
const COLUMNS = Object.entries(getTableColumns(accessEvent)).map(([property, column]) => ({
  property,
  name: column.name,
  type: column.getSQLType(),
}));
const COLUMN_LIST = sql.raw(COLUMNS.map((column) => column.name).join(', '));
const RECORD_TYPE = sql.raw(COLUMNS.map((column) => `${column.name} ${column.type}`).join(', '));

/** A row as the drizzle table names its properties (dates as ISO strings). */
type LedgerRow = ChainedEvent & { prevHash: string; hash: string };

/**
 * One INSERT for any number of rows, their values in a single JSON parameter: building a
 * statement with 19 parameters per row cost the writer more CPU than the database spent on it.
 */
function insertRows(tx: Executor, rows: LedgerRow[]) {
  const records = rows.map((row) =>
    Object.fromEntries(COLUMNS.map((column) => [column.name, row[column.property as keyof LedgerRow]])),
  );
  return tx.execute(sql`insert into audit.access_event (${COLUMN_LIST})
    select ${COLUMN_LIST} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${RECORD_TYPE})`);
}

/** Which of `ids` the tenant's ledger holds already. */
async function storedIds(tx: Executor, tenantId: string, ids: string[]): Promise<Set<string>> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from audit.access_event
      where tenant_id = ${tenantId} and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`),
  );
  return new Set(rows.map((row) => row.id));
}

/** The last link of a tenant's chain: its newest event, else its newest checkpoint, else genesis. */
async function chainHead(tx: Executor, tenantId: string): Promise<{ seq: number; hash: string }> {
  const [last] = await tx
    .select({ seq: accessEvent.seq, hash: accessEvent.hash })
    .from(accessEvent)
    .where(eq(accessEvent.tenantId, tenantId))
    .orderBy(desc(accessEvent.seq))
    .limit(1);
  if (last) return last;
  const [cut] = await tx
    .select({ seq: checkpoint.seq, hash: checkpoint.hash })
    .from(checkpoint)
    .where(eq(checkpoint.tenantId, tenantId))
    .orderBy(desc(checkpoint.seq))
    .limit(1);
  return cut ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * Stores the events not stored yet, each tenant's in one transaction under the tenant's append
 * lock, in the order given. Returns how many were new. Ids are stored in canonical (lower-case)
 * form, and a patient id that is not a UUID is stored as null (the resource id keeps it).
 */
export async function appendEvents(database: Database, events: readonly AuditEvent[]): Promise<number> {
  const byTenant = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const tenantEvents = byTenant.get(event.tenantId);
    if (tenantEvents) tenantEvents.push(event);
    else byTenant.set(event.tenantId, [event]);
  }
  let appended = 0;
  for (const [tenantId, tenantEvents] of byTenant) appended += await appendTenant(database, tenantId, tenantEvents);
  return appended;
}

function appendTenant(database: Database, tenantId: string, events: AuditEvent[]): Promise<number> {
  const unique = [...new Map(events.map((event) => [event.id.toLowerCase(), event])).values()];
  return tenantWideRunner(
    database,
    'audit',
    tenantId,
  )(async (tx) => {
    await tx.execute(appendLock(tenantId));
    const ids = unique.map((event) => event.id.toLowerCase());
    const known = await storedIds(tx, tenantId, ids);
    const fresh = unique.filter((event) => !known.has(event.id.toLowerCase()));
    if (!fresh.length) return 0;

    let { seq, hash } = await chainHead(tx, tenantId);
    const rows = fresh.map((event): LedgerRow => {
      const chained = normalise(event, ++seq);
      const prevHash = hash;
      hash = chainHash(prevHash, chained);
      return { ...chained, prevHash, hash };
    });
    await insertRows(tx, rows);
    return rows.length;
  });
}

/** The event as the database will give it back (so the hash verifies on reading). */
function normalise(event: AuditEvent, seq: number): ChainedEvent {
  return {
    id: event.id.toLowerCase(),
    occurredAt: new Date(event.occurredAt).toISOString(),
    tenantId: event.tenantId,
    actorId: event.actorId,
    actorRoles: [...event.actorRoles],
    clientId: event.clientId ?? null,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    patientId: isId(event.patientId) ? event.patientId.toLowerCase() : null,
    fields: [...event.fields],
    operationName: event.operationName ?? null,
    requestId: event.requestId,
    outcome: event.outcome,
    purposeOfUse: event.purposeOfUse ?? null,
    source: event.source,
    seq,
  };
}
