// The audit subgraph's shield rules: the ledger is read by admins, auditors and, for their own record, patients.
import { FieldGroup, allowedOn, roleMay, subjectOf, viaParent, type RuleTree } from '@caregraph/platform';

const { AuditLedger } = FieldGroup;

export const permissions: RuleTree = {
  Query: {
    accessEvents: roleMay('read', AuditLedger),
    // No patient in the subject: only a grant on any record of the tenant (admin, auditor) passes.
    auditIntegrity: allowedOn('read', AuditLedger, () => ({})),
  },
  AccessEvent: allowedOn('read', AuditLedger, subjectOf),
  Patient: {
    id: viaParent,
    accessLog: allowedOn('read', AuditLedger, (patient: { id: string }) => ({ patientId: patient.id })),
  },
  Practitioner: viaParent,
  AuditIntegrity: viaParent,
  AccessEventConnection: viaParent,
  AccessEventEdge: viaParent,
  PageInfo: viaParent,
};
