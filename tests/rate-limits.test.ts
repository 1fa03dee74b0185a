// Cost-based rate limits on real Redis: bursts drain, instances share buckets, Redis outages degrade safely.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { freshToken, postGraphQL } from '@caregraph/platform/testing';
import { usePlatforms } from './support/platform';
import { startRestartableRedis, type RestartableRedis } from './support/restartable-redis';

/** Costs 31: the connection, and 30 practitioners. */
const QUERY = '{ practitioners(first: 30) { nodes { id } } }';
/** 100 points, 10 restored per second: three queries fit, the fourth waits. */
const BUDGET = { RATE_LIMIT_CAPACITY: '100', RATE_LIMIT_RESTORE_RATE: '10', MAX_COST: '100' };

const platforms = usePlatforms();

function platformWith(env: NodeJS.ProcessEnv): Promise<RunningPlatform> {
  return platforms.start({ ...BUDGET, ...env });
}

const statuses = async (platform: RunningPlatform, token: string, count: number) => {
  const results: number[] = [];
  for (let i = 0; i < count; i++)
    results.push((await postGraphQL(platform.gatewayUrl, { query: QUERY, token })).status);
  return results;
};

describe('cost-based rate limits on Redis', () => {
  let platform: RunningPlatform;
  beforeAll(async () => {
    platform = await platformWith({ REDIS_URL: 'redis://127.0.0.1:6379' });
  });

  it('lets a burst drain the bucket, then answers 429 with a Retry-After that is long enough', async () => {
    const token = await freshToken();
    expect(await statuses(platform, token, 3)).toEqual([200, 200, 200]);
    const before = platform.stats.subgraphFetches;
    const refused = await postGraphQL(platform.gatewayUrl, { query: QUERY, token });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(platform.stats.subgraphFetches).toBe(before);
    const retryAfter = Number(refused.headers.get('retry-after'));
    // 7 points left right after the burst (more if the machine was slow), 31 needed, 10 restored per second.
    const cost = refused.body.errors?.[0]?.extensions?.cost as { throttle: { available: number } };
    const available = cost.throttle.available;
    expect(available).toBeGreaterThanOrEqual(7);
    expect(retryAfter).toBe(Math.ceil((31 - available) / 10));
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await postGraphQL(platform.gatewayUrl, { query: QUERY, token })).status).toBe(200);
  });

  it('shares one bucket between two gateway instances', async () => {
    const other = await platformWith({ REDIS_URL: 'redis://127.0.0.1:6379' });
    const token = await freshToken();
    expect(await statuses(platform, token, 3)).toEqual([200, 200, 200]);
    expect(await statuses(other, token, 1)).toEqual([429]);
  });
});

describe('when Redis goes away', () => {
  let redis: RestartableRedis;
  let platform: RunningPlatform;

  beforeAll(async () => {
    redis = await startRestartableRedis();
    platform = await platformWith({ REDIS_URL: redis.url });
  });
  afterAll(() => redis?.stop());

  it('keeps limiting with a per-instance bucket, then returns to Redis', async () => {
    const token = await freshToken();
    expect(await statuses(platform, token, 1)).toEqual([200]);
    await redis.kill();
    expect(await statuses(platform, token, 4)).toEqual([200, 200, 200, 429]);

    await redis.start();
    const client = new Redis(redis.url);
    try {
      await vi.waitFor(
        async () => {
          await postGraphQL(platform.gatewayUrl, { query: QUERY, token: await freshToken() });
          expect((await client.keys('caregraph:budget:*')).length).toBeGreaterThan(0);
        },
        { timeout: 10_000, interval: 100 },
      );
    } finally {
      client.disconnect();
    }
  });
});

describe('requests without a valid token', () => {
  it('draw from a bucket per client IP, taken from X-Forwarded-For only behind a trusted proxy', async () => {
    const platform = await platformWith({
      REDIS_URL: 'redis://127.0.0.1:6379',
      TRUSTED_PROXY: 'loopback',
      ANONYMOUS_RATE_LIMIT_CAPACITY: '3',
      ANONYMOUS_RATE_LIMIT_RESTORE_RATE: '0.01',
    });
    // Addresses from the documentation range, new every run (the buckets live in Redis).
    const ip = (last: number) => `2001:db8::${last.toString(16)}`;
    const suffix = Math.floor(Math.random() * 0xfff0);
    const anonymous = async (forwardedFor: string) =>
      (
        await postGraphQL(platform.gatewayUrl, {
          query: '{ me { userId } }',
          headers: { 'x-forwarded-for': forwardedFor },
        })
      ).status;
    const first: number[] = [];
    for (let i = 0; i < 4; i++) first.push(await anonymous(ip(suffix)));
    expect(first).toEqual([401, 401, 401, 429]);
    expect(await anonymous(ip(suffix + 1))).toBe(401);
  });
});

describe('batched requests', () => {
  it('are capped at BATCH_MAX when enabled', async () => {
    const platform = await platformWith({ BATCH_MAX: '3' });
    const token = await freshToken();
    const batch = (size: number) =>
      fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(Array.from({ length: size }, () => ({ query: '{ me { userId } }' }))),
      });
    const refused = await batch(10);
    expect(refused.status).toBe(400);
    const accepted = await batch(2);
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as unknown[]).length).toBe(2);
  });
});
