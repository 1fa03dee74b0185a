// The test database: `caregraph_test` (or another `caregraph_test_*`) on the local Postgres, never any other database.
import { openDatabase, type Database } from '../db/database';

/**
 * The database the suite creates, migrates, seeds and uses: `caregraph_test`, or the name in
 * CAREGRAPH_TEST_DATABASE when it starts with `caregraph_test_` (two runs on one machine).
 */
export const TEST_DATABASE_NAME = testDatabaseName(process.env.CAREGRAPH_TEST_DATABASE);

function testDatabaseName(requested: string | undefined): string {
  if (!requested) return 'caregraph_test';
  if (!/^caregraph_test_[a-z0-9_]{1,40}$/.test(requested))
    throw new Error('CAREGRAPH_TEST_DATABASE must look like caregraph_test_<name> (lower case, digits, _)');
  return requested;
}

/** Patients per demo tenant in the test database (doctor@ treats half: the N=50 test needs 50). */
export const TEST_SEED_PATIENTS = 120;

export function testDatabaseUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${TEST_DATABASE_NAME}`);
  if (url.pathname !== `/${TEST_DATABASE_NAME}`) throw new Error(`Tests only use the ${TEST_DATABASE_NAME} database`);
  return url.toString();
}

export function openTestDatabase(): Promise<Database> {
  return openDatabase({ url: testDatabaseUrl(), poolMax: 5 });
}

/** Subgraph settings for tests: the default threshold of 5 and fixed keys. */
export const TEST_SUBGRAPH_SETTINGS = {
  analyticsMinCell: 5,
  pseudonymKey: 'test-key-0123456789',
  auditRetentionDays: 2557,
  auditCheckpointKey: 'test-checkpoint-key-0123',
} as const;
