// What the appointment subgraph's access ledger records: reads and writes of appointments and their notes.
import { AuditAction, type AuditSpec } from '@caregraph/platform';
import type { AppointmentRow } from './db/schema';

export const audit: AuditSpec = {
  records: {
    Appointment: (row: AppointmentRow) => ({ resourceId: row.id, patientId: row.patientId }),
  },
  mutations: {
    bookAppointment: AuditAction.Create,
    cancelAppointment: AuditAction.Update,
    updateAppointmentStatus: AuditAction.Update,
    recordClinicalNote: AuditAction.Update,
  },
};
