// Once per test run: a fresh `caregraph_test` database, migrated and seeded.
import postgres from 'postgres';
import { migrateAll, seedAll } from '@caregraph/gateway';
import { openDatabase } from '@caregraph/platform';
import { TEST_DATABASE_NAME, testDatabaseUrl, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';

export default async function setup(): Promise<void> {
  const url = new URL(testDatabaseUrl());
  const admin = postgres({ ...connection(url), database: 'postgres', max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${TEST_DATABASE_NAME} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${TEST_DATABASE_NAME}`);
  await admin.end();
  const database = await openDatabase({ url: url.toString(), poolMax: 2 });
  await migrateAll(database);
  await seedAll(database, TEST_SEED_PATIENTS);
  await database.close();
}

function connection(url: URL) {
  return { host: url.hostname, port: Number(url.port || 5432), username: decodeURIComponent(url.username) };
}
