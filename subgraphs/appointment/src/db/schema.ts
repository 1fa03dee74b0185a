// The appointment subgraph's tables in the `appointment` Postgres schema; tenant_id leads every key.
import type { Guarded } from '@caregraph/platform';
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const appointmentSchema = pgSchema('appointment');

export const AppointmentStatus = {
  Booked: 'BOOKED',
  Arrived: 'ARRIVED',
  Fulfilled: 'FULFILLED',
  Cancelled: 'CANCELLED',
  NoShow: 'NOSHOW',
} as const;
export type AppointmentStatus = (typeof AppointmentStatus)[keyof typeof AppointmentStatus];

const statuses = Object.values(AppointmentStatus) as [AppointmentStatus, ...AppointmentStatus[]];

export const appointment = appointmentSchema.table(
  'appointment',
  {
    tenantId: text('tenant_id').notNull(),
    id: uuid('id').notNull(),
    patientId: uuid('patient_id').notNull(),
    practitionerId: uuid('practitioner_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: statuses }).notNull(),
    reason: text('reason'),
    cancellationReason: text('cancellation_reason'),
    /** The user who booked it. */
    bookedBy: text('booked_by').notNull(),
    /** The partner client it was booked through, if any. */
    bookedByClient: text('booked_by_client'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('appointment_tenant_patient_starts_idx').on(t.tenantId, t.patientId, t.startsAt),
    index('appointment_tenant_practitioner_starts_idx').on(t.tenantId, t.practitionerId, t.startsAt),
    index('appointment_tenant_starts_idx').on(t.tenantId, t.startsAt),
    check('appointment_ends_after_starts', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const clinicalNote = appointmentSchema.table(
  'clinical_note',
  {
    tenantId: text('tenant_id').notNull(),
    appointmentId: uuid('appointment_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    subjective: text('subjective'),
    objective: text('objective'),
    assessment: text('assessment'),
    plan: text('plan'),
    authoredBy: uuid('authored_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.appointmentId] }),
    foreignKey({
      name: 'clinical_note_appointment_fk',
      columns: [t.tenantId, t.appointmentId],
      foreignColumns: [appointment.tenantId, appointment.id],
    }),
  ],
);

export type AppointmentRow = typeof appointment.$inferSelect;
/** An appointment as the repository hands it out: with the facts of its relationship to the caller. */
export type AppointmentRecord = Guarded<AppointmentRow>;
export type ClinicalNoteRow = typeof clinicalNote.$inferSelect;
