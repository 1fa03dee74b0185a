// Every SQL statement of the patient subgraph, bound to the caller's row policy (and RLS beneath).
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  FieldGroup,
  Relation,
  RowKind,
  forbidden,
  guardedTable,
  newId,
  readableRows,
  recordsByIds,
  requestRunner,
  type Database,
  type Executor,
  type Guarded,
  type Page,
  type RowPolicy,
} from '@caregraph/platform';
import {
  allergy,
  careTeam,
  mrnCounter,
  patient,
  practitioner,
  type AllergyRow,
  type PatientRow,
  type PractitionerRow,
} from './db/schema';
import { patientKeys } from './interface';

export interface NewPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: PatientRow['sex'];
  phone: string | null;
  email: string | null;
  insuranceNumber: string | null;
}

export interface NewAllergy {
  substance: string;
  reaction: string | null;
  severity: AllergyRow['severity'];
}

export type PatientRecord = Guarded<PatientRow>;
export type PatientRepository = ReturnType<typeof createPatientRepository>;

export function createPatientRepository(database: Database, policy: RowPolicy) {
  const { tenantId, userId } = policy.identity;
  const run = requestRunner(database, 'patient', policy);
  /** Patients as this caller may read them (any of their groups); allergies and care teams likewise below. */
  const patients = guardedTable(policy, patient, RowKind.Patient, { patientId: patient.id });
  const { inTenant, readable, withFacts } = patients;
  /** The patient named by a mutation, locked for update, if the caller may change `group` of it (else null). */
  const lockWritable = (tx: Executor, patientId: string, group: FieldGroup) =>
    tx
      .select(withFacts)
      .from(patient)
      .where(and(inTenant, eq(patient.id, patientId), policy.writable(group, { patientId: patient.id })))
      .for('update')
      .then((rows) => readableRows(rows)[0] ?? null);

  return {
    /** The patients with these ids: readable ones whole, others of the tenant as their id only. */
    patientsByIds: (ids: readonly string[]) => run((tx) => recordsByIds(tx, patients, ids, patientKeys)),

    listPatients: (page: Page, search: string | null) => {
      const filters: Array<SQL | undefined> = [inTenant, readable];
      if (search) {
        const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        filters.push(
          or(ilike(patient.givenName, pattern), ilike(patient.familyName, pattern), ilike(patient.mrn, pattern)),
        );
      }
      if (page.after) filters.push(sql`(${patient.mrn}, ${patient.id}) > (${page.after[0]}, ${page.after[1]}::uuid)`);
      return run((tx) =>
        tx
          .select(withFacts)
          .from(patient)
          .where(and(...filters))
          .orderBy(asc(patient.mrn), asc(patient.id))
          .limit(page.first + 1)
          .then(readableRows),
      );
    },

    practitionersByIds: (ids: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(practitioner)
          .where(and(eq(practitioner.tenantId, tenantId), inArray(practitioner.id, [...ids]))),
      ),

    listPractitioners: (page: Page) => {
      const after = page.after
        ? sql`(${practitioner.familyName}, ${practitioner.id}) > (${page.after[0]}, ${page.after[1]}::uuid)`
        : undefined;
      return run((tx) =>
        tx
          .select()
          .from(practitioner)
          .where(and(eq(practitioner.tenantId, tenantId), after))
          .orderBy(asc(practitioner.familyName), asc(practitioner.id))
          .limit(page.first + 1),
      );
    },

    allergiesByPatientIds: (patientIds: readonly string[]) =>
      run((tx) =>
        tx
          .select()
          .from(allergy)
          .where(
            and(
              eq(allergy.tenantId, tenantId),
              inArray(allergy.patientId, [...patientIds]),
              policy.readable(RowKind.Clinical, { patientId: allergy.patientId }),
            ),
          )
          .orderBy(asc(allergy.recordedAt), asc(allergy.id)),
      ),

    /** Care-team practitioners of each patient, with the patient id they belong to. */
    careTeamsByPatientIds: (patientIds: readonly string[]) =>
      run((tx) =>
        tx
          .select({ patientId: careTeam.patientId, practitioner })
          .from(careTeam)
          .innerJoin(
            practitioner,
            and(eq(practitioner.tenantId, careTeam.tenantId), eq(practitioner.id, careTeam.practitionerId)),
          )
          .where(
            and(
              eq(careTeam.tenantId, tenantId),
              inArray(careTeam.patientId, [...patientIds]),
              policy.readable(RowKind.CareTeam, { patientId: careTeam.patientId }),
            ),
          )
          .orderBy(asc(practitioner.familyName), asc(practitioner.id)),
      ),

    /** Registers a patient with the tenant's next MRN, in one transaction; FORBIDDEN unless the caller registers patients. */
    registerPatient: (input: NewPatient) =>
      run(async (tx) => {
        if (!policy.relations('write', FieldGroup.Registration).has(Relation.Any)) throw forbidden();
        const [counter] = await tx
          .insert(mrnCounter)
          .values({ tenantId, last: 1 })
          .onConflictDoUpdate({ target: mrnCounter.tenantId, set: { last: sql`${mrnCounter.last} + 1` } })
          .returning({ last: mrnCounter.last });
        const mrn = `${tenantId.toUpperCase()}-${String(counter!.last).padStart(6, '0')}`;
        const [row] = await tx
          .insert(patient)
          .values({ ...input, tenantId, id: newId(), mrn })
          .returning(withFacts);
        return readableRows([row!])[0]!;
      }),

    /** Returns the updated patient, or null when the caller may not change this patient's contact (or it does not exist). */
    updateContact: (patientId: string, contact: { phone: string | null; email: string | null }) =>
      run(async (tx) => {
        const [row] = await tx
          .update(patient)
          .set({ ...contact, updatedAt: new Date() })
          .where(
            and(inTenant, eq(patient.id, patientId), policy.writable(FieldGroup.Contact, { patientId: patient.id })),
          )
          .returning(withFacts);
        return row ? readableRows([row])[0]! : null;
      }),

    /** Returns the new allergy, or null when the caller may not record one for this patient (or it does not exist). */
    recordAllergy: (patientId: string, input: NewAllergy) =>
      run(async (tx) => {
        if (!(await lockWritable(tx, patientId, FieldGroup.Clinical))) return null;
        const [row] = await tx
          .insert(allergy)
          .values({ ...input, tenantId, id: newId(), patientId, recordedBy: userId })
          .returning();
        return row!;
      }),

    /**
     * Replaces a patient's care team. Returns `{ patient: null }` when the caller may not change
     * this patient's care team (or it does not exist), or the practitioner ids that do not exist
     * (nothing is written in either case).
     */
    assignCareTeam: (patientId: string, practitionerIds: string[]) =>
      run(async (tx) => {
        const record = await lockWritable(tx, patientId, FieldGroup.CareTeam);
        if (!record) return { patient: null, unknownPractitioners: [] };
        const found = practitionerIds.length
          ? await tx
              .select({ id: practitioner.id })
              .from(practitioner)
              .where(and(eq(practitioner.tenantId, tenantId), inArray(practitioner.id, practitionerIds)))
          : [];
        const known = new Set(found.map((p) => p.id));
        const unknownPractitioners = practitionerIds.filter((id) => !known.has(id));
        if (unknownPractitioners.length) return { patient: record, unknownPractitioners };
        await tx.delete(careTeam).where(and(eq(careTeam.tenantId, tenantId), eq(careTeam.patientId, patientId)));
        if (practitionerIds.length) {
          await tx
            .insert(careTeam)
            .values(practitionerIds.map((practitionerId) => ({ tenantId, patientId, practitionerId })));
        }
        return { patient: record, unknownPractitioners };
      }),
  };
}

export type { PatientRow, PractitionerRow, AllergyRow };
