// Per-test Redis prefixes on the shared Redis: a fresh REDIS_PREFIX, what lives under it, and its removal.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRestartableRedis } from './restartable-redis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A prefix no other run uses (so streams, groups and buckets start from nothing). */
export function freshRedisPrefix(label: string): string {
  return `caregraph-test-${label}-${randomUUID().slice(0, 8)}:`;
}

/** Every key under `prefix` (SCAN: patterns are never prefixed by anything but this). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

export async function removeKeysUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length) await redis.del(...keys);
}

/**
 * A Redis server of the test's own on a free port (no persistence), so that KEYS * shows only
 * what the test's platforms wrote; `stop` kills it.
 */
export async function startPrivateRedis(): Promise<{ url: string; client: Redis; stop(): Promise<void> }> {
  const server = await startRestartableRedis();
  const client = new Redis(server.url);
  client.on('error', () => {});
  return {
    url: server.url,
    client,
    async stop() {
      client.disconnect();
      await server.stop();
    },
  };
}
