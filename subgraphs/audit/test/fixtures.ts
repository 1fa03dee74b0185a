// Fixtures of the audit subgraph's tests: fresh tenants (so suites never see each other's rows), events, callers.
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { newId, tenantWideRunner, type AuditEvent, type Database, type Identity, type Role } from '@caregraph/platform';
import { accessEvent, checkpoint } from '../src/db/schema';

/** A tenant id no other test uses. */
export function freshTenant(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** A READ of a patient record by a doctor, unless `overrides` say otherwise. */
export function accessEventOf(tenantId: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  const patientId = overrides.patientId === undefined ? newId() : overrides.patientId;
  return {
    id: newId(),
    occurredAt: new Date().toISOString(),
    tenantId,
    actorId: 'doctor-1',
    actorRoles: ['doctor'],
    clientId: null,
    action: 'READ',
    resourceType: 'Patient',
    resourceId: patientId ?? 'tenant',
    patientId,
    fields: ['birthDate', 'name'],
    operationName: 'PatientChart',
    requestId: `req-${randomUUID()}`,
    outcome: 'SUCCESS',
    purposeOfUse: null,
    source: 'patient',
    ...overrides,
  };
}

export function callerOf(tenantId: string, roles: Role[], extra: Partial<Identity> = {}): Identity {
  return { userId: `${roles[0]}-caller`, tenantId, roles, ...extra };
}

/** The tenant's stored events in ledger order, read as the app role. */
export function storedEvents(database: Database, tenantId: string) {
  return tenantWideRunner(
    database,
    'audit',
    tenantId,
  )((tx) => tx.select().from(accessEvent).where(eq(accessEvent.tenantId, tenantId)).orderBy(asc(accessEvent.seq)));
}

/** One request's hand-off: `size` events of the tenant. */
export function batchOf(tenantId: string, size: number): AuditEvent[] {
  return Array.from({ length: size }, () => accessEventOf(tenantId));
}

/** The ids of the tenant's stored events, in ledger order. */
export async function storedIds(database: Database, tenantId: string): Promise<string[]> {
  return (await storedEvents(database, tenantId)).map((row) => row.id);
}

export function storedCheckpoints(database: Database, tenantId: string) {
  return tenantWideRunner(
    database,
    'audit',
    tenantId,
  )((tx) => tx.select().from(checkpoint).where(eq(checkpoint.tenantId, tenantId)).orderBy(asc(checkpoint.seq)));
}
