// The prescription subgraph's own keys function (migrations/0002): no other subgraph reads its tables.
import { sql, type SQL } from 'drizzle-orm';

/** `(id, patient_id)` of the tenant's prescriptions among the ids, whatever the caller may read. */
export const prescriptionKeys = (ids: SQL): SQL => sql`prescription.prescription_keys_v1(${ids})`;
