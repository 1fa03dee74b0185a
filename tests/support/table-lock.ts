// A transaction holding one table exclusively: every query of it waits, so a request is held in flight until `release`.
import postgres from 'postgres';
import { pollUntil } from './poll';

export interface TableLock {
  /** Ends the holding transaction (once; later calls do nothing). */
  release(): Promise<void>;
  /** Resolves once another session waits for the lock (a request is in flight, held by it). */
  waitedOn(): Promise<void>;
  /** A connection of the lock's own to the same database, for the test's other reads. */
  sql: postgres.Sql;
  /** Releases, then closes the connections. */
  end(): Promise<void>;
}

export async function holdTableLock(url: string, table: string): Promise<TableLock> {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const holder = await sql.reserve();
  await holder`begin`;
  await holder.unsafe(`lock table ${table} in access exclusive mode`);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await holder`rollback`;
    holder.release();
  };
  return {
    release,
    waitedOn: () =>
      pollUntil('a request to wait for the lock', async () => {
        const [row] = await sql`select count(*)::int as waiting from pg_locks
          where not granted and relation = ${table}::regclass`;
        return row!.waiting > 0;
      }),
    sql,
    async end() {
      await release();
      await sql.end();
    },
  };
}
