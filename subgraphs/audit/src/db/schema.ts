// The audit subgraph's ledger tables in the `audit` Postgres schema: hash-chained events and purge checkpoints.
import type { Guarded } from '@caregraph/platform';
import { bigint, index, pgSchema, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const auditSchema = pgSchema('audit');

/** Append-only (a trigger refuses UPDATE, DELETE outside a purge, and TRUNCATE, even to the owner). */
export const accessEvent = auditSchema.table(
  'access_event',
  {
    tenantId: text('tenant_id').notNull(),
    id: uuid('id').notNull(),
    /** Position in the tenant's ledger: 1, 2, 3 … in the order events were stored. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorId: text('actor_id').notNull(),
    actorRoles: text('actor_roles').array().notNull(),
    clientId: text('client_id'),
    action: text('action', { enum: ['READ', 'CREATE', 'UPDATE', 'DELETE', 'DENIED'] }).notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    patientId: uuid('patient_id'),
    fields: text('fields').array().notNull(),
    operationName: text('operation_name'),
    requestId: text('request_id').notNull(),
    outcome: text('outcome', { enum: ['SUCCESS', 'DENIED', 'FAILED'] }).notNull(),
    purposeOfUse: text('purpose_of_use'),
    /** The subgraph that recorded the event. */
    source: text('source').notNull(),
    /** The previous event's hash (or the checkpoint's, or 64 zeros at the start). */
    prevHash: text('prev_hash').notNull(),
    /** sha256(prev_hash + canonical JSON of this event), hex. */
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('access_event_tenant_seq_key').on(t.tenantId, t.seq),
    index('access_event_tenant_occurred_idx').on(t.tenantId, t.occurredAt),
    index('access_event_tenant_patient_seq_idx').on(t.tenantId, t.patientId, t.seq),
    index('access_event_tenant_actor_seq_idx').on(t.tenantId, t.actorId, t.seq),
  ],
);

/** Where a purge cut the chain: the last purged event's seq and hash, signed so the rest stays verifiable. */
export const checkpoint = auditSchema.table(
  'checkpoint',
  {
    tenantId: text('tenant_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    purgedCount: bigint('purged_count', { mode: 'number' }).notNull(),
    purgedBefore: timestamp('purged_before', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** HMAC-SHA256 (AUDIT_CHECKPOINT_KEY) over tenant, seq, hash, purged_count, purged_before; hex. */
    signature: text('signature').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
);

export type AccessEventRow = typeof accessEvent.$inferSelect;
/** An access event as the repository hands it out: with the facts of its relationship to the caller. */
export type AccessEventRecord = Guarded<AccessEventRow>;
export type NewAccessEventRow = typeof accessEvent.$inferInsert;
export type CheckpointRow = typeof checkpoint.$inferSelect;
