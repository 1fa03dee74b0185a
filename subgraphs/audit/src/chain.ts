// The ledger's hash chain: the canonical form of an event, its chained hash and the checkpoint signature.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditEvent } from '@caregraph/platform';
import type { AccessEventRow, CheckpointRow } from './db/schema';

/** The prev_hash of a tenant's first event when no checkpoint precedes it. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: the event's content and its place in the ledger. */
export type ChainedEvent = AuditEvent & { seq: number };

/** JSON of the content fields in a fixed key order (the same bytes on append and on verification). */
export function canonicalEvent(event: ChainedEvent): string {
  return JSON.stringify({
    id: event.id,
    occurredAt: new Date(event.occurredAt).toISOString(),
    tenantId: event.tenantId,
    actorId: event.actorId,
    actorRoles: event.actorRoles,
    clientId: event.clientId,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    patientId: event.patientId,
    fields: event.fields,
    operationName: event.operationName,
    requestId: event.requestId,
    outcome: event.outcome,
    purposeOfUse: event.purposeOfUse,
    source: event.source,
    seq: event.seq,
  });
}

/** sha256(prevHash + canonical), hex. */
export function chainHash(prevHash: string, event: ChainedEvent): string {
  return createHash('sha256')
    .update(prevHash + canonicalEvent(event))
    .digest('hex');
}

/** A stored row read back as the event it was appended from. */
export function eventOfRow(row: AccessEventRow): ChainedEvent {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    tenantId: row.tenantId,
    actorId: row.actorId,
    actorRoles: row.actorRoles,
    clientId: row.clientId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    patientId: row.patientId,
    fields: row.fields,
    operationName: row.operationName,
    requestId: row.requestId,
    outcome: row.outcome,
    purposeOfUse: row.purposeOfUse,
    source: row.source,
    seq: row.seq,
  };
}

export type SignedFields = Pick<CheckpointRow, 'tenantId' | 'seq' | 'hash' | 'purgedCount' | 'purgedBefore'>;

/** HMAC-SHA256 over tenant, seq, hash, purged count and purge cutoff; hex. */
export function signCheckpoint(key: string, checkpoint: SignedFields): string {
  const signed = JSON.stringify([
    checkpoint.tenantId,
    checkpoint.seq,
    checkpoint.hash,
    checkpoint.purgedCount,
    checkpoint.purgedBefore.toISOString(),
  ]);
  return createHmac('sha256', key).update(signed).digest('hex');
}

export function checkpointSignatureValid(key: string, checkpoint: CheckpointRow): boolean {
  const expected = Buffer.from(signCheckpoint(key, checkpoint), 'hex');
  const actual = Buffer.from(checkpoint.signature, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
