// What the patient subgraph's access ledger records: reads and writes of patient records.
import { AuditAction, type AuditSpec } from '@caregraph/platform';
import type { PatientRow } from './db/schema';

export const audit: AuditSpec = {
  records: {
    Patient: (row: PatientRow) => ({ resourceId: row.id, patientId: row.id }),
  },
  mutations: {
    registerPatient: AuditAction.Create,
    updatePatientContact: AuditAction.Update,
    recordAllergy: AuditAction.Update,
    assignCareTeam: AuditAction.Update,
  },
};
