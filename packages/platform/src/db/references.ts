// Reads another subgraph's ids through the narrow grants it gives (ids and roles only, never PHI).
import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './database';

/**
 * `select <columns> from <table> where id in (ids)` for the current tenant. Runs inside a
 * tenant transaction, so RLS limits it to that tenant too; the grants of the owning subgraph
 * let the calling role read exactly these columns.
 */
async function selectByIds<Row>(tx: Executor, table: string, columns: string, ids: readonly string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return rowsOf<Row>(
    await tx.execute(
      sql`select ${sql.raw(columns)} from ${sql.raw(table)} where tenant_id = current_setting('app.tenant_id') and id in (${idList})`,
    ),
  );
}

/** Which of `ids` are patients of the current tenant. */
export async function existingPatientIds(tx: Executor, ids: readonly string[]): Promise<Set<string>> {
  const rows = await selectByIds<{ id: string }>(tx, 'patient.patient', 'id', ids);
  return new Set(rows.map((row) => row.id));
}

/** The role (DOCTOR or NURSE) of each of `ids` that is a practitioner of the current tenant. */
export async function practitionerRoles(
  tx: Executor,
  ids: readonly string[],
): Promise<Map<string, 'DOCTOR' | 'NURSE'>> {
  const rows = await selectByIds<{ id: string; role: 'DOCTOR' | 'NURSE' }>(tx, 'patient.practitioner', 'id, role', ids);
  return new Map(rows.map((row) => [row.id, row.role]));
}

/** The patient of each of `ids` that is an appointment of the current tenant. */
export async function appointmentPatients(tx: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await selectByIds<{ id: string; patient_id: string }>(
    tx,
    'appointment.appointment',
    'id, patient_id',
    ids,
  );
  return new Map(rows.map((row) => [row.id, row.patient_id]));
}

/** Which of `patientIds` have `practitionerId` on their care team, in the current tenant. */
export async function careTeamPatients(
  tx: Executor,
  practitionerId: string,
  patientIds: readonly string[],
): Promise<Set<string>> {
  if (patientIds.length === 0) return new Set();
  const idList = sql.join(
    patientIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = rowsOf<{ patient_id: string }>(
    await tx.execute(sql`select patient_id from patient.care_team
      where tenant_id = current_setting('app.tenant_id') and practitioner_id = ${practitionerId}::uuid
        and patient_id in (${idList})`),
  );
  return new Set(rows.map((row) => row.patient_id));
}
