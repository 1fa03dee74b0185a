// One request's access events, gathered while it resolves: one event per record and action, fields merged.
import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { AuditAction, AuditOutcome, type AuditEvent } from './events';
import type { AuditedRecord } from './spec';
import type { AuditStream } from './stream';

export interface AccessCollector {
  operationName: string | null;
  /** A field of an audited record was resolved (READ) or refused (DENIED). */
  field(
    action: typeof AuditAction.Read | typeof AuditAction.Denied,
    resourceType: string,
    record: AuditedRecord,
    field: string,
  ): void;
  /**
   * A mutation is about to change a record: its ATTEMPTED event is handed off now, and the
   * promise rejects when that fails (the change must then not be made).
   */
  announce(action: AuditAction, resourceType: string, record: AuditedRecord, fields: string[]): Promise<void>;
  /** A mutation changed (or tried to change) a record. */
  write(
    action: AuditAction,
    resourceType: string,
    record: AuditedRecord,
    fields: string[],
    outcome: AuditOutcome,
  ): void;
  /** The events gathered so far, removed from the collector. */
  drain(): AuditEvent[];
}

interface Pending {
  action: AuditAction;
  resourceType: string;
  record: AuditedRecord;
  fields: Set<string>;
  outcome: AuditOutcome;
}

export function createAccessCollector(
  identity: Identity,
  requestId: string,
  source: string,
  stream: AuditStream,
): AccessCollector {
  const pending = new Map<string, Pending>();
  const toEvent = (entry: Pending, occurredAt: string): AuditEvent => ({
    id: randomUUID(),
    occurredAt,
    tenantId: identity.tenantId,
    actorId: identity.userId,
    actorRoles: [...identity.roles],
    clientId: identity.clientId ?? null,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.record.resourceId,
    patientId: entry.record.patientId,
    fields: [...entry.fields].sort(),
    operationName: collector.operationName,
    requestId,
    outcome: entry.outcome,
    purposeOfUse: identity.purposeOfUse ?? null,
    source,
  });
  const add = (entry: Omit<Pending, 'fields'>, fields: string[]) => {
    const key = `${entry.action}:${entry.resourceType}:${entry.record.resourceId}:${entry.outcome}`;
    const existing = pending.get(key);
    if (existing) for (const field of fields) existing.fields.add(field);
    else pending.set(key, { ...entry, fields: new Set(fields) });
  };
  const collector: AccessCollector = {
    operationName: null,
    field(action, resourceType, record, field) {
      const outcome = action === AuditAction.Denied ? AuditOutcome.Denied : AuditOutcome.Success;
      add({ action, resourceType, record, outcome }, [field]);
    },
    write(action, resourceType, record, fields, outcome) {
      add({ action, resourceType, record, outcome }, fields);
    },
    announce(action, resourceType, record, fields) {
      const entry = { action, resourceType, record, fields: new Set(fields), outcome: AuditOutcome.Attempted };
      return stream.publish([toEvent(entry, new Date().toISOString())]);
    },
    drain() {
      const occurredAt = new Date().toISOString();
      const events = [...pending.values()].map((entry) => toEvent(entry, occurredAt));
      pending.clear();
      return events;
    },
  };
  return collector;
}
