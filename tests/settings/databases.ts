// Postgres databases of the settings suite's own (empty, or migrated with a few demo patients), and counting in them.
import postgres from 'postgres';
import { migrateAll, seedAll } from '@caregraph/gateway';
import { openDatabase } from '@caregraph/platform';
import { TEST_DATABASE_NAME } from '@caregraph/platform/testing';

const SERVER = { host: '127.0.0.1', port: 5432, username: 'postgres', max: 1, onnotice: () => {} };

export interface OwnDatabase {
  name: string;
  url: string;
  /** A superuser connection (bypasses RLS), for reading what the platform wrote. */
  sql: postgres.Sql;
  drop(): Promise<void>;
}

/**
 * `<test database>_settings_<suffix>`, created afresh: empty, or migrated and seeded with
 * `seedPatients` patients per demo tenant.
 */
export async function createDatabase(suffix: string, seedPatients?: number): Promise<OwnDatabase> {
  const name = `${TEST_DATABASE_NAME}_settings_${suffix}`;
  if (!/^caregraph_test_[a-z0-9_]{1,60}$/.test(name)) throw new Error(`Not a test database name: ${name}`);
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const admin = postgres({ ...SERVER, database: 'postgres' });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  if (seedPatients !== undefined) {
    const database = await openDatabase({ url, poolMax: 2 });
    await migrateAll(database);
    await seedAll(database, seedPatients);
    await database.close();
  }
  const sql = postgres({ ...SERVER, database: name });
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Patients per tenant, as the superuser sees them ({} when there are none; 'no table' before migrating). */
export async function patientsPerTenant(sql: postgres.Sql): Promise<Record<string, number> | 'no table'> {
  const [table] = await sql<[{ exists: boolean }]>`select to_regclass('patient.patient') is not null as exists`;
  if (!table!.exists) return 'no table';
  const rows = await sql<Array<{ tenant: string; patients: number }>>`
    select tenant_id as tenant, count(*)::int as patients from patient.patient group by tenant_id order by tenant_id`;
  return Object.fromEntries(rows.map((row) => [row.tenant, row.patients]));
}
