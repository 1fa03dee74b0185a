// DATABASE_READ_URL: analytics reads run on a real streaming replica; the main graph and mutations stay on the primary.
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAll, seedAll, type RunningPlatform } from '@caregraph/gateway';
import {
  buildDemoData,
  createAnalyticsScope,
  loadConfig,
  openConfiguredDatabase,
  rowsOf,
  tenantWideRunner,
  type Database,
  type Executor,
} from '@caregraph/platform';
import { TEST_DATA_DIR, TEST_SUBGRAPH_SETTINGS, identityOf, postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { startTestPlatform } from './support/platform';
import { createReplicaPair, type ReplicaPair } from './support/replica-cluster';

/** Few patients: the point is where statements run, not how many rows they read. */
const SEED_PATIENTS = 20;
const [acme] = buildDemoData(SEED_PATIENTS);

let pair: ReplicaPair;
let database: Database;
let platform: RunningPlatform | undefined;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  pair = await createReplicaPair();
  env = {
    DATABASE_URL: pair.primaryUrl,
    DATABASE_READ_URL: pair.replicaUrl,
    DATABASE_STATEMENT_TIMEOUT_MS: '3000',
    ANALYTICS_MIN_CELL: '1',
  };
  database = await openConfiguredDatabase(loadConfig({ ...env, DATA_DIR: TEST_DATA_DIR }));
  await migrateAll(database);
  await seedAll(database, SEED_PATIENTS);
  await pair.waitForReplay();
  platform = await startTestPlatform(database, env);
});
afterAll(async () => {
  await platform?.stop();
  await database?.close();
  await pair?.drop();
});

interface Session {
  recovering: boolean;
  read_only: string;
  timeout: string;
  user: string;
}
const sessionOf = async (tx: Executor) =>
  rowsOf<Session>(
    await tx.execute(
      sql`select pg_is_in_recovery() as recovering, current_setting('transaction_read_only') as read_only, current_setting('statement_timeout') as timeout, current_user as user`,
    ),
  )[0];

async function analyticsPatientCount(): Promise<number> {
  const response = await postGraphQL(platform!.gatewayUrl.replace('/graphql', '/analytics/graphql'), {
    query: '{ patientCounts(groupBy: SEX) { sex count suppressed } }',
    token: await tokenFor('analyst@acme.test'),
  });
  expect(response.body.errors).toBeUndefined();
  const groups = response.body.data?.patientCounts as Array<{ count: number | null; suppressed: boolean }>;
  expect(groups.filter((group) => group.suppressed)).toEqual([]);
  return groups.reduce((sum, group) => sum + group.count!, 0);
}

const countPatients = async (connection: postgres.Sql) =>
  Number((await connection`select count(*)::int as n from patient.patient where tenant_id = 'acme'`)[0]!.n);

describe('DATABASE_READ_URL', () => {
  it('runs the analytics scope on the replica and tenant transactions on the primary, both with the configured timeout', async () => {
    const analytics = createAnalyticsScope(
      database,
      'patient',
      identityOf('analyst@acme.test'),
      TEST_SUBGRAPH_SETTINGS,
    );
    database.stats.statements = 0;
    expect(await analytics.run(sessionOf)).toEqual({
      recovering: true,
      read_only: 'on',
      timeout: '3s',
      user: 'caregraph_patient',
    });
    // the replica's statements (setup + query) are counted with the database's own
    expect(database.stats.statements).toBe(2);
    expect(await tenantWideRunner(database, 'patient', 'acme')(sessionOf)).toEqual({
      recovering: false,
      read_only: 'off',
      timeout: '3s',
      user: 'caregraph_patient',
    });
    expect(
      rowsOf<{ recovering: boolean }>(await database.db.execute(sql`select pg_is_in_recovery() as recovering`)),
    ).toEqual([{ recovering: false }]);
  });

  it('answers /analytics/graphql from the replica: a patient registered while its replay is paused is counted only once it is replayed', async () => {
    expect(await analyticsPatientCount()).toBe(acme!.patients.length);
    await pair.pauseReplay();
    try {
      // the mutation succeeds, so it ran on the primary (the replica refuses every write) …
      const registered = await postGraphQL(platform!.gatewayUrl, {
        query: `mutation { registerPatient(input: { given: "Ada", family: "Replica", birthDate: "1990-05-01", sex: UNKNOWN }) { id } }`,
        token: await tokenFor('reception@acme.test'),
      });
      expect(registered.body.errors).toBeUndefined();
      const id = registered.body.data?.registerPatient.id as string;
      expect([await countPatients(pair.primary), await countPatients(pair.replica)]).toEqual([
        acme!.patients.length + 1,
        acme!.patients.length,
      ]);
      // … the main graph reads the primary, where the new patient already is …
      const read = await postGraphQL(platform!.gatewayUrl, {
        query: 'query($id: ID!) { patient(id: $id) { id name { family } } }',
        variables: { id },
        token: await tokenFor('reception@acme.test'),
      });
      expect(read.body.data).toEqual({ patient: { id, name: { family: 'Replica' } } });
      // … and analytics reads the paused replica, where it is not yet
      expect(await analyticsPatientCount()).toBe(acme!.patients.length);
    } finally {
      await pair.resumeReplay();
    }
    await pair.waitForReplay();
    expect(await analyticsPatientCount()).toBe(acme!.patients.length + 1);
  });

  it('closes the replica pool with the database', async () => {
    const readerSessions = async () =>
      Number(
        (
          await pair.replica`select count(*)::int as n from pg_stat_activity where application_name = 'caregraph-read'`
        )[0]!.n,
      );
    expect(await readerSessions()).toBeGreaterThan(0);
    await platform!.stop();
    platform = undefined;
    await database.close();
    // a backend leaves pg_stat_activity just after its client hangs up
    await expect.poll(readerSessions, { interval: 50, timeout: 5000 }).toBe(0);
  });
});
