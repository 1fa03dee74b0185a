// One request's access events, gathered while it resolves: one event per record and action, fields merged.
import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { AuditAction, AuditOutcome, type AuditEvent } from './events';
import type { AuditedRecord } from './spec';

export interface AccessCollector {
  operationName: string | null;
  /** A field of an audited record was resolved (READ) or refused (DENIED). */
  field(
    action: typeof AuditAction.Read | typeof AuditAction.Denied,
    resourceType: string,
    record: AuditedRecord,
    field: string,
  ): void;
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

export function createAccessCollector(identity: Identity, requestId: string, source: string): AccessCollector {
  const pending = new Map<string, Pending>();
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
    drain() {
      const occurredAt = new Date().toISOString();
      const events = [...pending.values()].map((entry): AuditEvent => ({
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
      }));
      pending.clear();
      return events;
    },
  };
  return collector;
}
