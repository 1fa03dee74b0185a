// The patient subgraph's SQL interface v1 for the other subgraphs (functions of migrations/0002): the only way they read its data.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, uuidArray, type Executor, type RowPolicySources } from '@caregraph/platform';

/** Its functions as `to_regprocedure` names them: a subgraph that reads them migrates after this one. */
export const PATIENT_INTERFACE = [
  'patient.care_team_patients_v1()',
  'patient.patient_keys_v1(uuid[])',
  'patient.practitioner_roles_v1(uuid[])',
] as const;

/** A subquery of the ids of the patients on the calling practitioner's care team (tenant and caller from the transaction). */
export const careTeamPatients: SQL = sql`select patient.care_team_patients_v1()`;

/** Where a subgraph's row policy reads the caller's care team (every subgraph with patient-linked records). */
export const rowSources: RowPolicySources = { careTeamPatients };

/** `(id, patient_id)` of the tenant's patients among the ids, whatever the caller may read. */
export const patientKeys = (ids: SQL): SQL => sql`patient.patient_keys_v1(${ids})`;

/** Which of `ids` are patients of the current tenant. */
export async function existingPatients(tx: Executor, ids: readonly string[]): Promise<Set<string>> {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`select id from ${patientKeys(uuidArray(ids))}`));
  return new Set(rows.map((row) => row.id));
}

/** The role (DOCTOR or NURSE) of each of `ids` that is a practitioner of the current tenant. */
export async function practitionerRoles(
  tx: Executor,
  ids: readonly string[],
): Promise<Map<string, 'DOCTOR' | 'NURSE'>> {
  const rows = rowsOf<{ id: string; role: 'DOCTOR' | 'NURSE' }>(
    await tx.execute(sql`select id, role from patient.practitioner_roles_v1(${uuidArray(ids)})`),
  );
  return new Map(rows.map((row) => [row.id, row.role]));
}
