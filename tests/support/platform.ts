// Starts the whole platform in-process on free ports against a given database, for HTTP tests.
import { afterAll, beforeAll } from 'vitest';
import { migrateAll, seedAll, startPlatform, type PlatformOptions, type RunningPlatform } from '@caregraph/gateway';
import { createLogger, loadConfig, openDatabase, type Database, type Logger } from '@caregraph/platform';
import { TEST_DATA_DIR, TEST_SEED_PATIENTS, openTestDatabase, testDevKeys } from '@caregraph/platform/testing';

export async function startTestPlatform(
  database: Database,
  env: NodeJS.ProcessEnv = {},
  log: Logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'test'),
  options: Pick<PlatformOptions, 'auditStream' | 'runLedgerWriter'> = {},
): Promise<RunningPlatform> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: TEST_DATA_DIR, ...env });
  return startPlatform({
    config,
    database,
    log,
    devKeys: await testDevKeys(),
    ports: 'random',
    ...options,
  });
}

export interface TestPlatform {
  database: Database;
  platform: RunningPlatform;
}

/**
 * The database a suite runs on: the shared, seeded Postgres test database, or — in the `pglite`
 * test project — a fresh in-memory PGlite database migrated and seeded the same way.
 */
export async function openSuiteDatabase(): Promise<Database> {
  if (process.env.CAREGRAPH_TEST_DB !== 'pglite') return openTestDatabase();
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await migrateAll(database);
  await seedAll(database, TEST_SEED_PATIENTS);
  return database;
}

/**
 * Registers hooks that start the platform on the suite's database before the file's tests and
 * stop it after; the returned object is filled in by the time the tests run.
 */
export function useTestPlatform(env: NodeJS.ProcessEnv = {}): TestPlatform {
  const handle = {} as TestPlatform;
  beforeAll(async () => {
    handle.database = await openSuiteDatabase();
    handle.platform = await startTestPlatform(handle.database, env);
  });
  afterAll(async () => {
    await handle.platform?.stop();
    await handle.database?.close();
  });
  return handle;
}

/**
 * For suites that need platforms of their own configuration: `start(env)` starts one on the
 * suite's database; all are stopped after the file.
 */
export function usePlatforms(): {
  start(
    env: NodeJS.ProcessEnv,
    log?: Logger,
    options?: Pick<PlatformOptions, 'auditStream' | 'runLedgerWriter'>,
  ): Promise<RunningPlatform>;
  database(): Database;
} {
  let database: Database;
  const started: RunningPlatform[] = [];
  beforeAll(async () => {
    database = await openSuiteDatabase();
  });
  afterAll(async () => {
    for (const platform of started) await platform.stop();
    await database?.close();
  });
  return {
    database: () => database,
    async start(env, log, options) {
      const platform = await startTestPlatform(database, env, log, options);
      started.push(platform);
      return platform;
    },
  };
}
