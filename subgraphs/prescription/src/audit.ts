// What the prescription subgraph's access ledger records: reads and writes of prescriptions.
import { AuditAction, type AuditSpec } from '@caregraph/platform';
import type { PrescriptionRow } from './db/schema';

export const audit: AuditSpec = {
  records: {
    Prescription: (row: PrescriptionRow) => ({ resourceId: row.id, patientId: row.patientId }),
  },
  mutations: {
    issuePrescription: AuditAction.Create,
    revokePrescription: AuditAction.Update,
  },
};
