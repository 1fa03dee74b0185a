// Every SQL statement of the prescription subgraph, scoped to the caller's tenant (and RLS beneath).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  Authored,
  FieldGroup,
  RowKind,
  badInput,
  guardedTable,
  forbidden,
  isId,
  mayAuthor,
  newId,
  pagesByPatient,
  readableRows,
  recordsByIds,
  requestRunner,
  rowsOf,
  uuidArray,
  type Database,
  type Page,
  type RowPolicy,
} from '@caregraph/platform';
import { appointmentPatients } from '@caregraph/appointment/interface';
import { patientKeys, practitionerRoles } from '@caregraph/patient/interface';
import {
  medication,
  prescription,
  type MedicationRow,
  type PrescriptionRow,
  type PrescriptionStatus,
} from './db/schema';
import { prescriptionKeys } from './interface';

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

export function createPrescriptionRepository(database: Database, policy: RowPolicy) {
  const { tenantId, userId } = policy.identity;
  const run = requestRunner(database, 'prescription', policy);
  /** Prescriptions as this caller may read them (the access matrix in SQL). */
  const prescriptions = guardedTable(policy, prescription, RowKind.Clinical, { patientId: prescription.patientId });
  const { inTenant, readable, withFacts } = prescriptions;
  const newestFirst = [desc(prescription.issuedAt), desc(prescription.id)];

  return {
    /** The prescriptions with these ids: readable ones whole, others of the tenant as their keys only. */
    prescriptionsByIds: (ids: readonly string[]) => run((tx) => recordsByIds(tx, prescriptions, ids, prescriptionKeys)),

    /** Per patient, the first `first + 1` prescriptions, newest first, or null when the caller may not read them. */
    prescriptionsByPatients: (patientIds: readonly string[], filter: PrescriptionFilter) =>
      run((tx) =>
        pagesByPatient(tx, prescriptions, patientIds, {
          group: FieldGroup.Clinical,
          where: and(
            filter.status ? eq(prescription.status, filter.status) : undefined,
            filter.after
              ? sql`(${prescription.issuedAt}, ${prescription.id}) < (${filter.after[0]}::timestamptz, ${filter.after[1]}::uuid)`
              : undefined,
          ),
          orderBy: newestFirst,
          limit: filter.first + 1,
        }),
      ),

    prescriptionsByAppointments: (appointmentIds: readonly string[]) =>
      run((tx) =>
        tx
          .select(withFacts)
          .from(prescription)
          .where(and(inTenant, readable, inArray(prescription.appointmentId, [...appointmentIds])))
          .orderBy(...newestFirst)
          .then(readableRows),
      ),

    medicationsByPrescriptionIds: (prescriptionIds: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(medication)
          .where(
            and(
              eq(medication.tenantId, tenantId),
              inArray(medication.prescriptionId, [...prescriptionIds]),
              // Visible exactly when its prescription is, as RLS has it.
              inArray(
                medication.prescriptionId,
                tx.select({ id: prescription.id }).from(prescription).where(and(inTenant, readable)),
              ),
            ),
          )
          .orderBy(asc(medication.prescriptionId), asc(medication.line)),
      ),

    /**
     * Issues a prescription from the calling doctor, in one transaction: FORBIDDEN unless the
     * caller is a doctor of the tenant who may prescribe for this patient (an unknown patient is
     * on no care team: FORBIDDEN too, as ever), BAD_USER_INPUT for an unknown patient (to a
     * caller whose grant does not depend on the care team) or appointment.
     */
    issue: (input: NewPrescription) =>
      run(async (tx) => {
        mayAuthor(Authored.Prescription, (await practitionerRoles(tx, [userId].filter(isId))).get(userId));
        const patientId = sql`${input.patientId}::uuid`;
        const [check] = rowsOf<{ known: boolean; allowed: boolean }>(
          await tx.execute(sql`select exists (select 1 from ${patientKeys(uuidArray([input.patientId]))}) as known,
            ${policy.onPatient('write', FieldGroup.Prescribing, patientId)} as allowed`),
        );
        if (!check?.allowed) throw forbidden();
        if (!check.known) throw badInput('input.patientId', 'unknown patient');
        if (input.appointmentId) {
          const owner = (await appointmentPatients(tx, [input.appointmentId])).get(input.appointmentId);
          if (!owner) throw badInput('input.appointmentId', 'unknown appointment');
          if (owner !== input.patientId) throw badInput('input.appointmentId', 'appointment is not of this patient');
        }
        const { medications, ...fields } = input;
        const [row] = await tx
          .insert(prescription)
          // issued_at from the app clock (millisecond precision) so cursors round-trip exactly
          .values({ ...fields, tenantId, id: newId(), prescriberId: userId, status: 'ACTIVE', issuedAt: new Date() })
          .returning(withFacts);
        await tx
          .insert(medication)
          .values(medications.map((line, index) => ({ ...line, tenantId, prescriptionId: row!.id, line: index + 1 })));
        return readableRows([row!])[0]!;
      }),

    /**
     * Revokes an active prescription. Returns null when no such prescription exists in this
     * tenant for the caller to change; BAD_USER_INPUT when it is no longer active (nothing is written).
     */
    revoke: (id: string, reason: string) =>
      run(async (tx) => {
        const writable = policy.writable(FieldGroup.Prescribing, { patientId: prescription.patientId });
        const [current] = await tx
          .select({ status: prescription.status })
          .from(prescription)
          .where(and(inTenant, eq(prescription.id, id), writable))
          .for('update');
        if (!current) return null;
        if (current.status !== 'ACTIVE') throw badInput('id', `prescription is ${current.status}`);
        const [row] = await tx
          .update(prescription)
          .set({ status: 'REVOKED', revokedAt: new Date(), revocationReason: reason })
          .where(and(inTenant, eq(prescription.id, id)))
          .returning(withFacts);
        return readableRows([row!])[0]!;
      }),
  };
}

export type { PrescriptionRow, MedicationRow };
