// The audit subgraph's own keys function (migrations/0004): no other subgraph reads its tables.
import { sql, type SQL } from 'drizzle-orm';

/** `(id, patient_id)` of the tenant's access events among the ids, whatever the caller may read. */
export const eventKeys = (ids: SQL): SQL => sql`audit.event_keys_v1(${ids})`;
