// The benchmark database: `caregraph_bench` on the local Postgres, created, migrated and seeded on demand.
import postgres from 'postgres';
import { demoPatientCount, migrateAll, seedAll } from '@caregraph/gateway';
import { openDatabase, type Database } from '@caregraph/platform';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/caregraph_bench';

/** Opens the bench database, creating and seeding it (`patientsPerTenant`) when it has no demo data. */
export async function openBenchDatabase(patientsPerTenant: number): Promise<Database> {
  const url = new URL(BENCH_DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = postgres({
    host: url.hostname,
    port: Number(url.port || 5432),
    username: url.username,
    database: 'postgres',
    max: 1,
    onnotice: () => {},
  });
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!exists) await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const database = await openDatabase({ url: url.toString(), poolMax: 10 });
  await migrateAll(database);
  if ((await demoPatientCount(database)) !== patientsPerTenant) {
    console.log(`Seeding caregraph_bench with ${patientsPerTenant} patients per tenant …`);
    await seedAll(database, patientsPerTenant);
  }
  return database;
}
