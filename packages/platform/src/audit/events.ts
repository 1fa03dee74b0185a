// The access event: who touched which patient record, which fields (never values), when, how it ended.

export const AuditAction = {
  Read: 'READ',
  Create: 'CREATE',
  Update: 'UPDATE',
  Delete: 'DELETE',
  Denied: 'DENIED',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/**
 * ATTEMPTED is the event a change hands off before it is made: if it cannot be handed off, the
 * change is not made; its SUCCESS, DENIED or FAILED event follows from the same request.
 */
export const AuditOutcome = { Success: 'SUCCESS', Denied: 'DENIED', Failed: 'FAILED', Attempted: 'ATTEMPTED' } as const;
export type AuditOutcome = (typeof AuditOutcome)[keyof typeof AuditOutcome];

export interface AuditEvent {
  /** UUID, unique: the ledger stores each event once however often it is delivered. */
  id: string;
  /** ISO 8601, UTC, from the recording subgraph's clock. */
  occurredAt: string;
  tenantId: string;
  actorId: string;
  actorRoles: string[];
  clientId: string | null;
  action: AuditAction;
  /** The GraphQL type of the record (Patient, Appointment, Prescription …). */
  resourceType: string;
  resourceId: string;
  patientId: string | null;
  /** Field names read or written, sorted; never their values. */
  fields: string[];
  operationName: string | null;
  requestId: string;
  outcome: AuditOutcome;
  purposeOfUse: string | null;
  /** The subgraph that recorded it. */
  source: string;
}
