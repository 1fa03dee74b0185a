// The prescription subgraph's tables in the `prescription` Postgres schema; tenant_id leads every key.
import type { Guarded } from '@caregraph/platform';
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const prescriptionSchema = pgSchema('prescription');

export const prescription = prescriptionSchema.table(
  'prescription',
  {
    tenantId: text('tenant_id').notNull(),
    id: uuid('id').notNull(),
    patientId: uuid('patient_id').notNull(),
    prescriberId: uuid('prescriber_id').notNull(),
    appointmentId: uuid('appointment_id'),
    diagnosisCode: text('diagnosis_code').notNull(),
    diagnosisDisplay: text('diagnosis_display').notNull(),
    status: text('status', { enum: ['ACTIVE', 'COMPLETED', 'REVOKED'] }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReason: text('revocation_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('prescription_tenant_patient_issued_idx').on(t.tenantId, t.patientId, t.issuedAt),
    index('prescription_tenant_appointment_idx').on(t.tenantId, t.appointmentId),
  ],
);

/** The medication lines of a prescription, numbered from 1. */
export const medication = prescriptionSchema.table(
  'medication',
  {
    tenantId: text('tenant_id').notNull(),
    prescriptionId: uuid('prescription_id').notNull(),
    line: integer('line').notNull(),
    drugCode: text('drug_code').notNull(),
    drugName: text('drug_name').notNull(),
    dose: text('dose').notNull(),
    frequency: text('frequency').notNull(),
    days: integer('days').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.prescriptionId, t.line] }),
    foreignKey({ columns: [t.tenantId, t.prescriptionId], foreignColumns: [prescription.tenantId, prescription.id] }),
    check('medication_days_check', sql`${t.days} between 1 and 365`),
  ],
);

export type PrescriptionRow = typeof prescription.$inferSelect;
/** A prescription as the repository hands it out: with the facts of its relationship to the caller. */
export type PrescriptionRecord = Guarded<PrescriptionRow>;
export type MedicationRow = typeof medication.$inferSelect;
export type PrescriptionStatus = PrescriptionRow['status'];
