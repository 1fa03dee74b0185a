// The patient subgraph's tables in the `patient` Postgres schema; tenant_id leads every key.
import type { Guarded } from '@caregraph/platform';
import {
  date,
  foreignKey,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

export const patientSchema = pgSchema('patient');

export const patient = patientSchema.table(
  'patient',
  {
    tenantId: text('tenant_id').notNull(),
    id: uuid('id').notNull(),
    mrn: text('mrn').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'] }).notNull(),
    phone: text('phone'),
    email: text('email'),
    insuranceNumber: text('insurance_number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('patient_tenant_mrn_key').on(t.tenantId, t.mrn),
    index('patient_tenant_family_idx').on(t.tenantId, t.familyName),
  ],
);

export const practitioner = patientSchema.table(
  'practitioner',
  {
    tenantId: text('tenant_id').notNull(),
    id: uuid('id').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    role: text('role', { enum: ['DOCTOR', 'NURSE'] }).notNull(),
    specialty: text('specialty'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const allergy = patientSchema.table(
  'allergy',
  {
    tenantId: text('tenant_id').notNull(),
    id: uuid('id').notNull(),
    patientId: uuid('patient_id').notNull(),
    substance: text('substance').notNull(),
    reaction: text('reaction'),
    severity: text('severity', { enum: ['MILD', 'MODERATE', 'SEVERE'] }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('allergy_tenant_patient_idx').on(t.tenantId, t.patientId),
    foreignKey({ columns: [t.tenantId, t.patientId], foreignColumns: [patient.tenantId, patient.id] }),
  ],
);

export const careTeam = patientSchema.table(
  'care_team',
  {
    tenantId: text('tenant_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    practitionerId: uuid('practitioner_id').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.patientId, t.practitionerId] }),
    index('care_team_tenant_practitioner_idx').on(t.tenantId, t.practitionerId),
    foreignKey({ columns: [t.tenantId, t.patientId], foreignColumns: [patient.tenantId, patient.id] }),
    foreignKey({ columns: [t.tenantId, t.practitionerId], foreignColumns: [practitioner.tenantId, practitioner.id] }),
  ],
);

/** The last MRN number issued per tenant (MRNs are `<TENANT>-000042`). */
export const mrnCounter = patientSchema.table('mrn_counter', {
  tenantId: text('tenant_id').primaryKey(),
  last: integer('last').notNull(),
});

export type PatientRow = typeof patient.$inferSelect;
/** A patient as the repository hands it out: with the facts of its relationship to the caller. */
export type PatientRecord = Guarded<PatientRow>;
export type PractitionerRow = typeof practitioner.$inferSelect;
export type AllergyRow = typeof allergy.$inferSelect;
export type CareTeamRow = typeof careTeam.$inferSelect;
