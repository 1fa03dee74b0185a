// Reading the access ledger in tests, as the database owner, waiting for the asynchronous writer.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '@caregraph/platform';

export interface LedgerRow {
  action: string;
  resource_type: string;
  resource_id: string;
  patient_id: string | null;
  fields: string[];
  outcome: string;
  actor_id: string;
  operation_name: string | null;
  tenant_id: string;
  seq: number;
}

async function ledgerRowsOf(database: Database, requestId: string): Promise<LedgerRow[]> {
  return rowsOf<LedgerRow>(
    await database.db
      .execute(sql`select action, resource_type, resource_id, patient_id::text, fields, outcome, actor_id,
      operation_name, tenant_id, seq::int from audit.access_event where request_id = ${requestId}
      order by resource_type, resource_id, action, outcome`),
  );
}

/** Waits until the ledger holds `count` events of the request (and stays there a moment). */
export async function waitForLedger(
  database: Database,
  requestId: string,
  count: number,
  ms = 10_000,
): Promise<LedgerRow[]> {
  const deadline = Date.now() + ms;
  let rows: LedgerRow[] = [];
  while (Date.now() < deadline) {
    rows = await ledgerRowsOf(database, requestId);
    if (rows.length >= count) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return ledgerRowsOf(database, requestId);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return rows;
}
