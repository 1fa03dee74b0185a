// Every SQL statement of the prescription subgraph, scoped to the caller's tenant (and RLS beneath).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  admittedRows,
  appointmentPatients,
  badInput,
  createAccess,
  existingPatientIds,
  FieldGroup,
  forbidden,
  isId,
  newId,
  practitionerRoles,
  readScope,
  rowsByIds,
  tenantRunner,
  topPerParent,
  withCareTeamOf,
  type Access,
  type Database,
  type Identity,
  type Page,
} from '@caregraph/platform';
import {
  medication,
  prescription,
  type MedicationRow,
  type PrescriptionRow,
  type PrescriptionStatus,
} from './db/schema';

/** A page of one patient's prescriptions; `after` is the cursor key `[issuedAt ISO, id]`. */
export interface PrescriptionFilter extends Page {
  status: PrescriptionStatus | null;
}

export type NewMedication = Omit<MedicationRow, 'tenantId' | 'prescriptionId' | 'line'>;

export interface NewPrescription {
  patientId: string;
  appointmentId: string | null;
  diagnosisCode: string;
  diagnosisDisplay: string;
  medications: NewMedication[];
}

export type PrescriptionRepository = ReturnType<typeof createPrescriptionRepository>;

export function createPrescriptionRepository(
  database: Database,
  identity: Identity,
  access: Access = createAccess(database, 'prescription', identity),
) {
  const { tenantId } = identity;
  const run = tenantRunner(database, 'prescription', tenantId);
  /** Rows of lists limited to what the caller may read (the access matrix in SQL). */
  const readable = readScope(access, FieldGroup.Clinical, { patientId: prescription.patientId });
  const admitted = admittedRows<PrescriptionRow>(access, FieldGroup.Clinical, (row) => row.patientId);
  const newestFirst = [desc(prescription.issuedAt), desc(prescription.id)];

  return {
    prescriptionsByIds: (ids: readonly string[]) =>
      run(async (tx) =>
        withCareTeamOf(access, tx, await rowsByIds(tx, prescription, tenantId, ids), (row) => row.patientId),
      ),

    /** The first `first + 1` prescriptions of each patient, newest first, in one statement. */
    prescriptionsByPatients: (patientIds: readonly string[], filter: PrescriptionFilter) =>
      run(async (tx) => {
        await access.learnCareTeam(tx, patientIds);
        return topPerParent(tx, prescription, {
          parent: prescription.patientId,
          orderBy: sql`${prescription.issuedAt} desc, ${prescription.id} desc`,
          where: and(
            eq(prescription.tenantId, tenantId),
            inArray(prescription.patientId, [...patientIds]),
            filter.status ? eq(prescription.status, filter.status) : undefined,
            filter.after
              ? sql`(${prescription.issuedAt}, ${prescription.id}) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`
              : undefined,
          ),
          limit: filter.first + 1,
        });
      }),

    prescriptionsByAppointments: (appointmentIds: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(prescription)
          .where(
            and(
              eq(prescription.tenantId, tenantId),
              readable,
              inArray(prescription.appointmentId, [...appointmentIds]),
            ),
          )
          .orderBy(...newestFirst)
          .then(admitted),
      ),

    medicationsByPrescriptionIds: (prescriptionIds: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(medication)
          .where(and(eq(medication.tenantId, tenantId), inArray(medication.prescriptionId, [...prescriptionIds])))
          .orderBy(asc(medication.prescriptionId), asc(medication.line)),
      ),

    /**
     * Issues a prescription from the calling doctor, in one transaction: FORBIDDEN unless the
     * caller is a doctor of the tenant, BAD_USER_INPUT for an unknown patient or appointment.
     */
    issue: (input: NewPrescription) =>
      run(async (tx) => {
        const prescriberId = identity.userId;
        const roles = isId(prescriberId) ? await practitionerRoles(tx, [prescriberId]) : new Map();
        if (roles.get(prescriberId) !== 'DOCTOR') throw forbidden('Only doctors can issue prescriptions');
        if (!(await existingPatientIds(tx, [input.patientId])).has(input.patientId)) {
          throw badInput('input.patientId', 'unknown patient');
        }
        if (input.appointmentId) {
          const owner = (await appointmentPatients(tx, [input.appointmentId])).get(input.appointmentId);
          if (!owner) throw badInput('input.appointmentId', 'unknown appointment');
          if (owner !== input.patientId) throw badInput('input.appointmentId', 'appointment is not of this patient');
        }
        const { medications, ...fields } = input;
        const [row] = await tx
          .insert(prescription)
          // issued_at from the app clock (millisecond precision) so cursors round-trip exactly
          .values({ ...fields, tenantId, id: newId(), prescriberId, status: 'ACTIVE', issuedAt: new Date() })
          .returning();
        await tx
          .insert(medication)
          .values(medications.map((line, index) => ({ ...line, tenantId, prescriptionId: row!.id, line: index + 1 })));
        return row!;
      }),

    /**
     * Revokes an active prescription. Returns null when no such prescription exists in this
     * tenant; BAD_USER_INPUT when it is no longer active (nothing is written).
     */
    revoke: (id: string, reason: string) =>
      run(async (tx) => {
        const [current] = await tx
          .select({ status: prescription.status })
          .from(prescription)
          .where(and(eq(prescription.tenantId, tenantId), eq(prescription.id, id)))
          .for('update');
        if (!current) return null;
        if (current.status !== 'ACTIVE') throw badInput('id', `prescription is ${current.status}`);
        const [row] = await tx
          .update(prescription)
          .set({ status: 'REVOKED', revokedAt: new Date(), revocationReason: reason })
          .where(and(eq(prescription.tenantId, tenantId), eq(prescription.id, id)))
          .returning();
        return row!;
      }),
  };
}

export type { PrescriptionRow, MedicationRow };
