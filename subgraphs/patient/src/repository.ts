// Every SQL statement of the patient subgraph, scoped to the caller's tenant (and RLS beneath).
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  admittedRows,
  createAccess,
  FieldGroup,
  newId,
  readScope,
  rowsByIds,
  tenantRunner,
  withCareTeamOf,
  type Access,
  type Database,
  type Identity,
  type Page,
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

export type PatientRepository = ReturnType<typeof createPatientRepository>;

export function createPatientRepository(
  database: Database,
  identity: Identity,
  access: Access = createAccess(database, 'patient', identity),
) {
  const { tenantId } = identity;
  const run = tenantRunner(database, 'patient', tenantId);
  /** Rows of lists limited to what the caller may read (the access matrix in SQL). */
  const readable = readScope(access, FieldGroup.Demographics, { patientId: patient.id });
  const admitted = admittedRows<PatientRow>(access, FieldGroup.Demographics, (row) => row.id);

  return {
    patientsByIds: (ids: readonly string[]) =>
      run(async (tx) => withCareTeamOf(access, tx, await rowsByIds(tx, patient, tenantId, ids), (row) => row.id)),

    listPatients: (page: Page, search: string | null) => {
      const filters: Array<SQL | undefined> = [eq(patient.tenantId, tenantId), readable];
      if (search) {
        const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        filters.push(
          or(ilike(patient.givenName, pattern), ilike(patient.familyName, pattern), ilike(patient.mrn, pattern)),
        );
      }
      if (page.after) filters.push(sql`(${patient.mrn}, ${patient.id}) > (${page.after[0]}, ${page.after[1]}::uuid)`);
      return run((tx) =>
        tx
          .select()
          .from(patient)
          .where(and(...filters))
          .orderBy(asc(patient.mrn), asc(patient.id))
          .limit(page.first + 1)
          .then(admitted),
      );
    },

    practitionersByIds: (ids: readonly string[]) => run((tx) => rowsByIds(tx, practitioner, tenantId, ids)),

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
          .where(and(eq(allergy.tenantId, tenantId), inArray(allergy.patientId, [...patientIds])))
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
          .where(and(eq(careTeam.tenantId, tenantId), inArray(careTeam.patientId, [...patientIds])))
          .orderBy(asc(practitioner.familyName), asc(practitioner.id)),
      ),

    /** Registers a patient with the tenant's next MRN, in one transaction. */
    registerPatient: (input: NewPatient) =>
      run(async (tx) => {
        const [counter] = await tx
          .insert(mrnCounter)
          .values({ tenantId, last: 1 })
          .onConflictDoUpdate({ target: mrnCounter.tenantId, set: { last: sql`${mrnCounter.last} + 1` } })
          .returning({ last: mrnCounter.last });
        const mrn = `${tenantId.toUpperCase()}-${String(counter!.last).padStart(6, '0')}`;
        const [row] = await tx
          .insert(patient)
          .values({ ...input, tenantId, id: newId(), mrn })
          .returning();
        return row!;
      }),

    /** Returns the updated patient, or null when no such patient exists in this tenant. */
    updateContact: (patientId: string, contact: { phone: string | null; email: string | null }) =>
      run(async (tx) => {
        const [row] = await tx
          .update(patient)
          .set({ ...contact, updatedAt: new Date() })
          .where(and(eq(patient.tenantId, tenantId), eq(patient.id, patientId)))
          .returning();
        return (row ?? null) as PatientRow | null;
      }),

    /** Returns the new allergy, or null when no such patient exists in this tenant. */
    recordAllergy: (patientId: string, input: NewAllergy) =>
      run(async (tx) => {
        const [owner] = await tx
          .select({ id: patient.id })
          .from(patient)
          .where(and(eq(patient.tenantId, tenantId), eq(patient.id, patientId)));
        if (!owner) return null;
        const [row] = await tx
          .insert(allergy)
          .values({ ...input, tenantId, id: newId(), patientId, recordedBy: identity.userId })
          .returning();
        return row!;
      }),

    /**
     * Replaces a patient's care team. Returns `{ patient: null }` when the patient does not
     * exist, or the practitioner ids that do not exist (nothing is written in either case).
     */
    assignCareTeam: (patientId: string, practitionerIds: string[]) =>
      run(async (tx) => {
        const [row] = await tx
          .select()
          .from(patient)
          .where(and(eq(patient.tenantId, tenantId), eq(patient.id, patientId)))
          .for('update');
        if (!row) return { patient: null, unknownPractitioners: [] };
        const found = practitionerIds.length
          ? await tx
              .select({ id: practitioner.id })
              .from(practitioner)
              .where(and(eq(practitioner.tenantId, tenantId), inArray(practitioner.id, practitionerIds)))
          : [];
        const known = new Set(found.map((p) => p.id));
        const unknownPractitioners = practitionerIds.filter((id) => !known.has(id));
        if (unknownPractitioners.length) return { patient: row, unknownPractitioners };
        await tx.delete(careTeam).where(and(eq(careTeam.tenantId, tenantId), eq(careTeam.patientId, patientId)));
        if (practitionerIds.length) {
          await tx
            .insert(careTeam)
            .values(practitionerIds.map((practitionerId) => ({ tenantId, patientId, practitionerId })));
        }
        return { patient: row, unknownPractitioners };
      }),
  };
}

export type { PatientRow, PractitionerRow, AllergyRow };
