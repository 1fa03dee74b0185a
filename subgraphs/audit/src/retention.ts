// Retention: purges a tenant's expired events behind a signed checkpoint, then records the purge in the ledger.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { AuditAction, AuditOutcome, rowsOf, type AuditEvent, type Database, type Executor } from '@caregraph/platform';
import type { SubgraphSettings } from '@caregraph/platform';
import { signCheckpoint } from './chain';
import { accessEvent, checkpoint } from './db/schema';
import { appendEvents } from './ledger';
import { appendLock, purgeLock } from './locks';

export interface PurgeResult {
  purged: number;
  /** The seq of the new checkpoint (the last purged event), or null when nothing had expired. */
  checkpointSeq: number | null;
}

/** Runs as the database owner (no role switch) with the purge switch on that the append-only trigger checks. */
function ownerTransaction<T>(database: Database, tenantId: string, work: (tx: Executor) => Promise<T>): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('caregraph.audit_purge', 'on', true)`,
    );
    return work(tx as unknown as Executor);
  });
}

/**
 * The last event of the longest run from the start of the chain in which every event occurred
 * before `before`: an event stored early with a late clock keeps everything after it.
 */
async function lastExpired(tx: Executor, tenantId: string, before: Date) {
  const inTenant = eq(accessEvent.tenantId, tenantId);
  const [firstKept] = await tx
    .select({ seq: accessEvent.seq })
    .from(accessEvent)
    .where(and(inTenant, gte(accessEvent.occurredAt, before)))
    .orderBy(asc(accessEvent.seq))
    .limit(1);
  const [last] = await tx
    .select({ seq: accessEvent.seq, hash: accessEvent.hash })
    .from(accessEvent)
    .where(and(inTenant, firstKept ? lt(accessEvent.seq, firstKept.seq) : undefined))
    .orderBy(desc(accessEvent.seq))
    .limit(1);
  return last ?? null;
}

/**
 * Deletes the tenant's events that occurred before `before`, leaving a checkpoint signed with
 * `auditCheckpointKey` at the last one so the remaining chain still verifies, and appends one
 * DELETE event of the `AuditLedger` recording the purge.
 */
export async function purgeExpired(
  database: Database,
  tenantId: string,
  before: Date,
  settings: Pick<SubgraphSettings, 'auditCheckpointKey'>,
): Promise<PurgeResult> {
  const result = await ownerTransaction(database, tenantId, async (tx): Promise<PurgeResult> => {
    await tx.execute(purgeLock(tenantId, 'exclusive'));
    await tx.execute(appendLock(tenantId));
    const cut = await lastExpired(tx, tenantId, before);
    if (!cut) return { purged: 0, checkpointSeq: null };
    const [deleted] = rowsOf<{ count: number }>(
      await tx.execute(sql`with purged as (
        delete from audit.access_event where tenant_id = ${tenantId} and seq <= ${cut.seq} returning 1
      ) select count(*)::int as count from purged`),
    );
    const signed = { tenantId, seq: cut.seq, hash: cut.hash, purgedCount: deleted!.count, purgedBefore: before };
    await tx.insert(checkpoint).values({ ...signed, signature: signCheckpoint(settings.auditCheckpointKey, signed) });
    return { purged: signed.purgedCount, checkpointSeq: cut.seq };
  });
  if (result.purged) await appendEvents(database, [purgeEvent(tenantId)]);
  return result;
}

function purgeEvent(tenantId: string): AuditEvent {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    tenantId,
    actorId: 'system:retention',
    actorRoles: [],
    clientId: null,
    action: AuditAction.Delete,
    resourceType: 'AuditLedger',
    resourceId: 'tenant',
    patientId: null,
    fields: ['accessEvents'],
    operationName: null,
    requestId: `purge-${randomUUID()}`,
    outcome: AuditOutcome.Success,
    purposeOfUse: null,
    source: 'audit',
  };
}

/** Every tenant with events in the ledger (a loose index scan; read as the owner under the purge switch). */
export function ledgerTenants(database: Database): Promise<string[]> {
  return ownerTransaction(database, '', async (tx) => {
    const rows = rowsOf<{ tenant_id: string }>(
      await tx.execute(sql`with recursive tenants as (
        (select tenant_id from audit.access_event order by tenant_id limit 1)
        union all
        select (select e.tenant_id from audit.access_event e where e.tenant_id > t.tenant_id order by e.tenant_id limit 1)
        from tenants t where t.tenant_id is not null
      ) select tenant_id from tenants where tenant_id is not null`),
    );
    return rows.map((row) => row.tenant_id);
  });
}
