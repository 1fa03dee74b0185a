// REDIS_CLUSTER_NODES: on a real three-node Redis Cluster, gateways share budgets and APQ, ledger writers share the stream, dead letters round-trip.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, startLedgerWriter } from '@caregraph/audit';
import type { RunningPlatform } from '@caregraph/gateway';
import {
  ConfigError,
  createLogger,
  createRedisAuditStream,
  loadConfig,
  openConfiguredRedis,
  replayDeadLetters,
  whenReady,
  type AuditStream,
  type RedisClient,
} from '@caregraph/platform';
import { freshToken, postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { batchOf, freshTenant, storedIds } from '../subgraphs/audit/test/fixtures';
import { postById, sha256 } from './support/persisted';
import { usePlatforms } from './support/platform';
import { codes } from './support/probes';
import { startRedisCluster, type TestRedisCluster } from './support/redis-cluster';

/** Costs 31; 100 points restored at 10 per second: three fit, the fourth is refused. */
const QUERY = '{ practitioners(first: 30) { nodes { id } } }';
const BUDGET = { RATE_LIMIT_CAPACITY: '100', RATE_LIMIT_RESTORE_RATE: '10', MAX_COST: '100' };

let cluster: TestRedisCluster;
let redis: RedisClient;
// Registered before the platforms' hooks, so it runs after they have stopped.
afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});
const platforms = usePlatforms();
let a: RunningPlatform;
let b: RunningPlatform;

beforeAll(async () => {
  cluster = await startRedisCluster();
  const env = { ...BUDGET, REDIS_CLUSTER_NODES: cluster.nodes };
  redis = openConfiguredRedis(loadConfig(env))!;
  expect(await whenReady(redis, 5000)).toBe(true);
  [a, b] = [await platforms.start(env), await platforms.start(env)];
});

const status = async (platform: RunningPlatform, token: string) =>
  (await postGraphQL(platform.gatewayUrl, { query: QUERY, token })).status;

/** A stream whose acknowledgements stop answering after `acks`: the writer "dies" between commit and ack. */
function dyingAfter(stream: AuditStream, acks: number): AuditStream {
  let left = acks;
  return {
    ...stream,
    read: (...args) => stream.read(...args),
    lag: () => stream.lag(),
    ack: (ids) => (left-- > 0 ? stream.ack(ids) : new Promise<void>(() => {})),
  };
}

/** The variables a configuration refuses, as its ConfigError names them ([] when it loads). */
const refused = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as Error).message.matchAll(/^ {2}(\w+): (.*)$/gm)].map((match) => `${match[1]}: ${match[2]}`);
  }
};

describe('REDIS_CLUSTER_NODES', () => {
  it('takes host:port seed nodes, comma-separated, and names itself when one is not', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001,[::1]:7002' }).REDIS_CLUSTER_NODES).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(loadConfig({ REDIS_CLUSTER_NODES: '' }).REDIS_CLUSTER_NODES).toBeUndefined();
    expect(refused({ REDIS_CLUSTER_NODES: 'redis-a:7000,redis-b' })).toEqual([
      'REDIS_CLUSTER_NODES: "redis-b" is not host:port (comma-separated seed nodes)',
    ]);
  });

  it('refuses to be set with REDIS_URL, naming both', () => {
    expect(refused({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toEqual([
      'REDIS_CLUSTER_NODES: set REDIS_CLUSTER_NODES (a Redis Cluster) or REDIS_URL (one Redis), not both',
    ]);
  });

  it("satisfies production's requirement of a shared Redis instead of REDIS_URL", () => {
    const redisIssues = (env: NodeJS.ProcessEnv) =>
      refused({ NODE_ENV: 'production', ...env }).filter((issue) => issue.startsWith('REDIS'));
    expect(redisIssues({})).toEqual([
      'REDIS_URL: required (or REDIS_CLUSTER_NODES): production needs a shared Redis for rate limits, APQ and the audit stream',
    ]);
    expect(redisIssues({ REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toEqual([]);
    expect(redisIssues({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([]);
  });
});

describe('the platform on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  it('gives two gateways one rate-limit budget: spent on one, refused on the other', async () => {
    const token = await freshToken();
    expect([await status(a, token), await status(a, token), await status(a, token)]).toEqual([200, 200, 200]);
    expect(await status(b, token)).toBe(429);
  });

  it('serves through one gateway the hash of a document registered through the other', async () => {
    const token = await tokenFor('reception@acme.test');
    const query = `query Q${randomUUID().replaceAll('-', '')} { practitioners(first: 2) { nodes { id } } }`;
    const registered = await postById(a.gatewayUrl, token, sha256(query), { query });
    expect([registered.status, codes(registered)]).toEqual([200, []]);
    const hashAlone = await postById(b.gatewayUrl, token, sha256(query));
    expect([hashAlone.status, codes(hashAlone)]).toEqual([200, []]);
    expect(hashAlone.body.data).toEqual(registered.body.data);
  });

  it('has two ledger writers share the stream: one dies midway, every event lands exactly once', async () => {
    // Two views of one stream, as two audit processes would have (each with its own blocking reader).
    const key = `caregraph:audit:cluster:${randomUUID()}`;
    const [stream, other] = [
      createRedisAuditStream(redis, key, 'ledger'),
      createRedisAuditStream(redis, key, 'ledger'),
    ];
    const tenantId = freshTenant();
    const database = platforms.database();
    const log = createLogger('silent', 'test');
    const options = { database, log, batch: 10, blockMs: 100, retryMs: 50, reclaimAfterMs: 300 };
    startLedgerWriter({ ...options, stream: dyingAfter(other, 2), consumerName: 'A' });
    const writerB = startLedgerWriter({ ...options, stream, consumerName: 'B' });
    const batches = Array.from({ length: 60 }, () => batchOf(tenantId, 2));
    for (const batch of batches) await stream.publish(batch);
    await writerB.drained();
    await writerB.stop();

    const ids = await storedIds(platforms.database(), tenantId);
    expect(ids).toHaveLength(120);
    expect(new Set(ids)).toEqual(new Set(batches.flat().map((event) => event.id)));
    expect(await stream.lag()).toEqual({ pending: 0, undelivered: 0 });
  });

  it('sets a batch aside in the dead letters (another slot) and appends it again', async () => {
    const key = `caregraph:audit:cluster:${randomUUID()}`;
    expect(await cluster.slotOf(`${key}:dead`)).not.toBe(await cluster.slotOf(key));
    const stream = createRedisAuditStream(redis, key, 'ledger');
    const tenantId = freshTenant();
    const batch = batchOf(tenantId, 3);
    await stream.publish(batch);
    const [delivery] = await stream.read('operator', 10, 100, 60_000);
    await stream.deadLetter(delivery!, 'test');
    expect([await stream.deadLettered(), await stream.lag()]).toEqual([1, { pending: 0, undelivered: 0 }]);

    const database = platforms.database();
    expect(await replayDeadLetters(stream, (events) => appendEvents(database, events))).toEqual({
      replayed: 1,
      kept: 0,
    });
    expect((await storedIds(platforms.database(), tenantId)).sort()).toEqual(batch.map((event) => event.id).sort());
    expect(await stream.deadLettered()).toBe(0);
  });

  it('wrote its keys (budgets, APQ, assertions, audit streams) across more than one node', async () => {
    const byNode = await cluster.keysByNode('caregraph:');
    const all = Object.values(byNode).flat();
    const families = new Set(all.map((key) => key.slice('caregraph:'.length).split(':')[0]));
    expect([...families].sort()).toEqual(expect.arrayContaining(['apq', 'assertion', 'audit', 'budget']));
    expect(Object.values(byNode).filter((keys) => keys.length > 0).length).toBeGreaterThan(1);
  });
});
