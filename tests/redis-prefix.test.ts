// REDIS_PREFIX: two deployments on one Redis share no rate-limit bucket, APQ document or audit stream.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { createRedisAuditStream, loadConfig, redisKeys, signDevToken } from '@caregraph/platform';
import { TEST_AUTH, postGraphQL, testDevKeys } from '@caregraph/platform/testing';
import { waitForLedger } from './support/ledger';
import { postById, sha256 } from './support/persisted';
import { usePlatforms } from './support/platform';
import { codes } from './support/probes';
import { startPrivateRedis } from './support/redis-keys';

/** Costs 31; 100 points restored at 10 per second: three fit, the fourth is refused. */
const QUERY = '{ practitioners(first: 30) { nodes { id } } }';
const BUDGET = { RATE_LIMIT_CAPACITY: '100', RATE_LIMIT_RESTORE_RATE: '10', MAX_COST: '100' };
const A = 'deployment-a:';
const B = 'deployment-b:';

let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
// Registered before the platforms' hooks, so it runs after they have stopped.
afterAll(() => redis?.stop());
const platforms = usePlatforms();
let a: RunningPlatform;
let b: RunningPlatform;

beforeAll(async () => {
  redis = await startPrivateRedis();
  // A's ledger writer is off, so what A publishes stays in A's stream for the test to see.
  a = await platforms.start({ ...BUDGET, REDIS_URL: redis.url, REDIS_PREFIX: A }, undefined, {
    runLedgerWriter: false,
  });
  b = await platforms.start({ ...BUDGET, REDIS_URL: redis.url, REDIS_PREFIX: B });
});

const userId = randomUUID();
const token = async () =>
  signDevToken(await testDevKeys(), TEST_AUTH, { userId, tenantId: 'acme', roles: ['receptionist'] });
const status = async (platform: RunningPlatform) =>
  (await postGraphQL(platform.gatewayUrl, { query: QUERY, token: await token() })).status;

describe('REDIS_PREFIX', () => {
  it('defaults to caregraph:, which gives the keys written before the prefix existed', () => {
    expect(redisKeys(loadConfig({}).REDIS_PREFIX)).toEqual({
      apq: 'caregraph:',
      budget: 'caregraph:budget:',
      auditStream: 'caregraph:audit',
      assertion: 'caregraph:assertion:',
    });
    expect(loadConfig({ REDIS_PREFIX: '' }).REDIS_PREFIX).toBe('caregraph:');
    expect(() => loadConfig({ REDIS_PREFIX: 'two words' })).toThrow(/REDIS_PREFIX/);
  });

  it('gives each deployment its own rate-limit bucket for the same user', async () => {
    const onA = [await status(a), await status(a), await status(a), await status(a)];
    expect(onA).toEqual([200, 200, 200, 429]);
    expect(await status(b)).toBe(200);
  });

  it('keeps a document registered through one deployment unknown to the other', async () => {
    const query = `query Q${randomUUID().replaceAll('-', '')} { practitioners(first: 1) { nodes { id } } }`;
    const id = sha256(query);
    const reception = await signDevToken(await testDevKeys(), TEST_AUTH, {
      userId: randomUUID(),
      tenantId: 'acme',
      roles: ['receptionist'],
    });
    expect(codes(await postById(a.gatewayUrl, reception, id, { query }))).toEqual([]);
    expect(codes(await postById(a.gatewayUrl, reception, id))).toEqual([]);
    expect(codes(await postById(b.gatewayUrl, reception, id))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(await redis.client.exists(`${A}apq:${id}`, `${B}apq:${id}`)).toBe(1);
  });

  it("sends each deployment's access events down its own stream", async () => {
    const chart = '{ patients(first: 1) { nodes { mrn } } }';
    const admin = await signDevToken(await testDevKeys(), TEST_AUTH, {
      userId: randomUUID(),
      tenantId: 'acme',
      roles: ['admin'],
    });
    const onA = await postGraphQL(a.gatewayUrl, { query: chart, token: admin });
    expect(codes(onA)).toEqual([]);
    const onB = await postGraphQL(b.gatewayUrl, { query: chart, token: admin });
    expect(codes(onB)).toEqual([]);
    // B's writer stored B's events; had it read A's stream it would have taken A's (older) batch first.
    expect(await waitForLedger(platforms.database(), onB.headers.get('x-request-id')!, 1)).toHaveLength(1);
    expect(await createRedisAuditStream(redis.client, redisKeys(A).auditStream).lag()).toEqual({
      pending: 0,
      undelivered: 1,
    });
    expect(await createRedisAuditStream(redis.client, redisKeys(B).auditStream).lag()).toEqual({
      pending: 0,
      undelivered: 0,
    });
  });

  it('writes every key under one of the two prefixes', async () => {
    const keys = await redis.client.keys('*');
    expect(keys.filter((key) => !key.startsWith(A) && !key.startsWith(B))).toEqual([]);
    const families = (prefix: string) =>
      [
        ...new Set(keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length).split(':')[0])),
      ].sort();
    expect(families(A)).toEqual(expect.arrayContaining(['apq', 'assertion', 'audit', 'budget']));
    expect(families(B)).toEqual(expect.arrayContaining(['audit', 'budget']));
  });
});
