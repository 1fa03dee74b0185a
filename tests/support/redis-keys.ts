// Per-test Redis prefixes on the shared Redis: a fresh REDIS_PREFIX, what lives under it, and its removal.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from './ports';

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
export async function startPrivateRedis(): Promise<{ url: string; client: Redis; stop(): void }> {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const client = new Redis(port, '127.0.0.1', { retryStrategy: (attempt) => (attempt > 50 ? null : 100) });
  client.on('error', () => {});
  await client.ping();
  return {
    url: `redis://127.0.0.1:${port}`,
    client,
    stop() {
      client.disconnect();
      server.kill('SIGKILL');
    },
  };
}
