// Appends access events to the ledger: per tenant, once per event id, each chained to the one before.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { isId, tenantRunner, type AuditEvent, type Database, type Executor } from '@caregraph/platform';
import { GENESIS_HASH, chainHash, type ChainedEvent } from './chain';
import { accessEvent, checkpoint, type NewAccessEventRow } from './db/schema';
import { appendLock } from './locks';

export { canonicalEvent } from './chain';

/** Rows per INSERT statement (19 parameters a row, well under Postgres' 65,535). */
const INSERT_CHUNK = 1000;

/** The last link of a tenant's chain: its newest event, else its newest checkpoint, else genesis. */
export async function chainHead(tx: Executor, tenantId: string): Promise<{ seq: number; hash: string }> {
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
  return tenantRunner(
    database,
    'audit',
    tenantId,
  )(async (tx) => {
    await tx.execute(appendLock(tenantId));
    const ids = unique.map((event) => event.id.toLowerCase());
    const stored = await tx
      .select({ id: accessEvent.id })
      .from(accessEvent)
      .where(and(eq(accessEvent.tenantId, tenantId), inArray(accessEvent.id, ids)));
    const known = new Set(stored.map((row) => row.id));
    const fresh = unique.filter((event) => !known.has(event.id.toLowerCase()));
    if (!fresh.length) return 0;

    let { seq, hash } = await chainHead(tx, tenantId);
    const rows = fresh.map((event): NewAccessEventRow => {
      const chained = normalise(event, ++seq);
      const row = {
        ...chained,
        occurredAt: new Date(chained.occurredAt),
        prevHash: hash,
        hash: chainHash(hash, chained),
      };
      hash = row.hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.insert(accessEvent).values(rows.slice(i, i + INSERT_CHUNK));
    }
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
