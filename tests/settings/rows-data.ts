// Rows for the stores: which Postgres (and replica), its pool and statement timeout; which Redis, under which prefix.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { demoPatientCount, type RunningPlatform } from '@caregraph/gateway';
import {
  loadConfig,
  openConfiguredDatabase,
  rowsOf,
  signDevToken,
  tenantWideRunner,
  type Database,
} from '@caregraph/platform';
import { TEST_AUTH, testDatabaseUrl, testDevKeys, tokenFor } from '@caregraph/platform/testing';
import { postById, sha256 } from '../support/persisted';
import { codes } from '../support/probes';
import { startPrivateRedis } from '../support/redis-keys';
import { createDatabase } from './databases';
import type { Row, RowContext } from './harness';
import { privateRedis } from './private-redis';
import { analyticsUrl, ask } from './requests';

/** A database of the file's own, migrated, with 3 patients per demo tenant (the suite's has many more). */
const smallDatabase = (context: RowContext) =>
  context.shared(
    'small database',
    () => createDatabase('small', 3),
    (database) => database.drop(),
  );

/** openConfiguredDatabase as every entry point calls it, closed when the row ends. */
async function configuredDatabase(context: RowContext, env: NodeJS.ProcessEnv): Promise<Database> {
  const database = await openConfiguredDatabase(loadConfig(env));
  context.defer(() => database.close());
  return database;
}

const inTenant = <T>(database: Database, query: ReturnType<typeof sql>, readOnly = false) =>
  tenantWideRunner(database, 'patient', 'acme', { readOnly })(async (tx) => rowsOf<T>(await tx.execute(query)));

/** acme's patients as the analytics graph counts them (every cell shown: ANALYTICS_MIN_CELL=1). */
async function analyticsPatientTotal(platform: RunningPlatform): Promise<number> {
  const response = await ask(
    analyticsUrl(platform.gatewayUrl),
    '{ patientCounts(groupBy: SEX) { count } }',
    await tokenFor('analyst@acme.test'),
  );
  return (response.body.data?.patientCounts as Array<{ count: number }>).reduce((sum, cell) => sum + cell.count, 0);
}

const ADVISORY_KEY = 42_017;

/**
 * Distinct server connections six concurrent tenant transactions ran on, with DATABASE_POOL_MAX
 * from `env`: each waits on an advisory lock the test holds until `expectedWaiting` of them wait.
 */
async function connectionsUsed(context: RowContext, env: NodeJS.ProcessEnv, expectedWaiting: number) {
  const small = await smallDatabase(context);
  const database = await configuredDatabase(context, { DATABASE_URL: small.url, ...env });
  const waiting = async () =>
    (
      await small.sql<[{ n: number }]>`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and not granted and objid = ${ADVISORY_KEY}
          and database = (select oid from pg_database where datname = current_database())`
    )[0]!.n;
  await small.sql`select pg_advisory_lock(${ADVISORY_KEY})`;
  let pids: Array<Promise<Array<{ pid: number }>>> = [];
  try {
    pids = Array.from({ length: 6 }, () =>
      inTenant<{ pid: number }>(
        database,
        sql`select pg_backend_pid() as pid, pg_advisory_xact_lock_shared(${ADVISORY_KEY})`,
      ),
    );
    // Polls the server for the event (sessions waiting on the lock), bounded by a count, not a time.
    let polls = 0;
    while ((await waiting()) < expectedWaiting) {
      if (++polls > 1000) throw new Error(`fewer than ${expectedWaiting} sessions ever waited on the lock`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await small.sql`select pg_advisory_unlock(${ADVISORY_KEY})`;
  }
  return new Set((await Promise.all(pids)).map((rows) => rows[0]!.pid)).size;
}

/** Sends a query costing 31 three times through `first`, then once through `second`, as one fresh user. */
async function sharedBurst(first: RunningPlatform, second: RunningPlatform) {
  const userId = randomUUID();
  const token = await signDevToken(await testDevKeys(), TEST_AUTH, {
    userId,
    tenantId: 'acme',
    roles: ['receptionist'],
  });
  const statuses: number[] = [];
  for (const platform of [first, first, first, second]) {
    statuses.push((await ask(platform.gatewayUrl, '{ practitioners(first: 30) { nodes { id } } }', token)).status);
  }
  return { userId, statuses };
}

/** Every key in `redis` after an audited read, an APQ registration and a budget draw through `platform`. */
async function keysWritten(platform: RunningPlatform, redis: Awaited<ReturnType<typeof startPrivateRedis>>) {
  const admin = await tokenFor('admin@acme.test');
  expect(codes(await ask(platform.gatewayUrl, '{ patients(first: 1) { nodes { mrn } } }', admin))).toEqual([]);
  const query = `query Q${randomUUID().replaceAll('-', '')} { me { userId } }`;
  expect(codes(await postById(platform.gatewayUrl, admin, sha256(query), { query }))).toEqual([]);
  return (await redis.client.keys('*')).sort();
}

const NO_REFILL_BUDGET = { RATE_LIMIT_CAPACITY: '100', RATE_LIMIT_RESTORE_RATE: '0.001', MAX_COST: '100' };

export const dataRows: Row[] = [
  {
    variable: 'DATABASE_URL',
    effect: 'the Postgres database every service uses (unset: embedded PGlite in $DATA_DIR/pglite)',
    covered: 'packages/platform/test/configured-database.test.ts',
    async check(context) {
      const small = await smallDatabase(context);
      const database = await configuredDatabase(context, { DATABASE_URL: small.url });
      expect(database.kind).toBe('postgres');
      expect(rowsOf(await database.db.execute(sql`select current_database() as name`))).toEqual([{ name: small.name }]);
      expect(await demoPatientCount(database)).toBe(3);
      expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    },
  },
  {
    variable: 'DATABASE_READ_URL',
    effect: "the analytics graph's read-only transactions run on this database; the main graph stays on DATABASE_URL",
    covered: 'tests/read-replica.test.ts',
    async check(context) {
      const small = await smallDatabase(context);
      const withReplica = await configuredDatabase(context, {
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_READ_URL: small.url,
      });
      const custom = await context.platform({ ANALYTICS_MIN_CELL: '1' }, { database: withReplica });
      const byDefault = await context.platform({ ANALYTICS_MIN_CELL: '1' });
      expect(await analyticsPatientTotal(custom)).toBe(3);
      expect(await analyticsPatientTotal(byDefault)).toBe(await demoPatientCount(context.database));
      const main = await ask(
        custom.gatewayUrl,
        '{ patients(first: 10) { nodes { id } } }',
        await tokenFor('admin@acme.test'),
      );
      expect(main.body.data?.patients.nodes).toHaveLength(10);
    },
  },
  {
    variable: 'DATABASE_POOL_MAX',
    effect: 'at most this many connections per pool, however much work is waiting',
    async check(context) {
      expect(await connectionsUsed(context, { DATABASE_POOL_MAX: '2' }, 2)).toBe(2);
      expect(await connectionsUsed(context, {}, 6)).toBe(6);
    },
  },
  {
    variable: 'DATABASE_STATEMENT_TIMEOUT_MS',
    effect: 'every statement of a tenant transaction (primary and replica) is cancelled after this long (57014)',
    covered: 'packages/platform/test/configured-database.test.ts',
    async check(context) {
      const small = await smallDatabase(context);
      const custom = await configuredDatabase(context, {
        DATABASE_URL: small.url,
        DATABASE_READ_URL: small.url,
        DATABASE_STATEMENT_TIMEOUT_MS: '200',
      });
      const timeout = sql`show statement_timeout`;
      expect(await inTenant(custom, timeout)).toEqual([{ statement_timeout: '200ms' }]);
      expect(await inTenant(custom.replica!, timeout, true)).toEqual([{ statement_timeout: '200ms' }]);
      await expect(inTenant(custom, sql`select pg_sleep(1)`)).rejects.toMatchObject({ cause: { code: '57014' } });
      const byDefault = await configuredDatabase(context, { DATABASE_URL: small.url });
      expect(await inTenant(byDefault, timeout)).toEqual([{ statement_timeout: '5s' }]);
    },
  },
  {
    variable: 'REDIS_URL',
    effect: 'rate-limit buckets (and APQ documents) live in this Redis, shared by every gateway using it',
    covered: 'tests/rate-limits.test.ts',
    async check(context) {
      const redis = await privateRedis(context);
      const shared = { ...NO_REFILL_BUDGET, REDIS_URL: redis.url };
      const viaRedis = await sharedBurst(await context.platform(shared), await context.platform(shared));
      expect(viaRedis.statuses).toEqual([200, 200, 200, 429]);
      expect(await redis.client.exists(`caregraph:budget:acme:user:${viaRedis.userId}`)).toBe(1);
      const inProcess = await sharedBurst(
        await context.platform(NO_REFILL_BUDGET),
        await context.platform(NO_REFILL_BUDGET),
      );
      expect(inProcess.statuses).toEqual([200, 200, 200, 200]);
    },
  },
  {
    variable: 'REDIS_CLUSTER_NODES',
    effect: 'rate-limit buckets, APQ documents and the audit stream live in this Redis Cluster instead of REDIS_URL',
    covered: 'tests/redis-cluster.test.ts',
  },
  {
    variable: 'REDIS_PREFIX',
    effect: 'every key the platform writes in Redis starts with this prefix',
    async check(context) {
      const families = (keys: string[], prefix: string) =>
        [...new Set(keys.map((key) => key.slice(prefix.length).split(':')[0]))].sort();
      for (const [prefix, env] of [
        ['settings-prefix:', { REDIS_PREFIX: 'settings-prefix:' }],
        ['caregraph:', {}],
      ] as const) {
        const redis = await startPrivateRedis();
        context.defer(() => redis.stop());
        const keys = await keysWritten(await context.platform({ REDIS_URL: redis.url, ...env }), redis);
        expect(keys.filter((key) => !key.startsWith(prefix))).toEqual([]);
        expect(families(keys, prefix)).toEqual(expect.arrayContaining(['apq', 'assertion', 'audit', 'budget']));
      }
    },
  },
];
