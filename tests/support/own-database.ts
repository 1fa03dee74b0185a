// A Postgres database of one suite's own (migrated and seeded like the shared one), for suites that must see every write.
import { migrateAll, seedAll } from '@caregraph/gateway';
import { openDatabase, type Database } from '@caregraph/platform';
import { TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { createScratchDatabase } from './scratch-database';

export interface OwnDatabase {
  database: Database;
  /** Rows and a digest of every table of `schemas`, read as superuser (past RLS): equal snapshots, nothing written. */
  snapshot(schemas: readonly string[]): Promise<Record<string, { rows: number; digest: string }>>;
  /** Closes both connections and drops the database. */
  drop(): Promise<void>;
}

/**
 * Creates `<test database>_<suffix>` afresh, migrates and seeds it. A suite that asserts "nothing
 * was written" needs it: on the shared test database other suites write at the same time.
 */
export async function createOwnDatabase(suffix: string): Promise<OwnDatabase> {
  const scratch = await createScratchDatabase(suffix);
  const database = await openDatabase({ url: scratch.url, poolMax: 5 });
  await migrateAll(database);
  await seedAll(database, TEST_SEED_PATIENTS);
  const { sql } = scratch;
  return {
    database,
    async snapshot(schemas) {
      const tables = await sql<Array<{ schema: string; name: string }>>`
        select table_schema as schema, table_name as name from information_schema.tables
        where table_schema in ${sql(schemas)} and table_type = 'BASE TABLE' order by 1, 2`;
      const result: Record<string, { rows: number; digest: string }> = {};
      for (const { schema, name } of tables) {
        const [row] = await sql.unsafe<Array<{ rows: number; digest: string }>>(
          `select count(*)::int as rows, md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as digest
           from "${schema}"."${name}" t`,
        );
        result[`${schema}.${name}`] = row!;
      }
      return result;
    },
    async drop() {
      await database.close();
      await scratch.drop();
    },
  };
}
