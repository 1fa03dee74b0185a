// The appointment subgraph's SQL interface v1 for the other subgraphs (functions of migrations/0002): the only way they read its data.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, uuidArray, type Executor } from '@caregraph/platform';

/** Its functions as `to_regprocedure` names them: a subgraph that reads them migrates after this one. */
export const APPOINTMENT_INTERFACE = ['appointment.appointment_keys_v1(uuid[])'] as const;

/** `(id, patient_id)` of the tenant's appointments among the ids, whatever the caller may read. */
export const appointmentKeys = (ids: SQL): SQL => sql`appointment.appointment_keys_v1(${ids})`;

/** The patient of each of `ids` that is an appointment of the current tenant. */
export async function appointmentPatients(tx: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = rowsOf<{ id: string; patient_id: string }>(
    await tx.execute(sql`select id, patient_id from ${appointmentKeys(uuidArray(ids))}`),
  );
  return new Map(rows.map((row) => [row.id, row.patient_id]));
}
