// Single use of gateway assertions: each assertion id is claimed once, until the assertion expires.
import { LRUCache } from 'lru-cache';
import type { RedisClient } from '../redis';

export interface AssertionReplayGuard {
  /** Claims an assertion id until `expiresAt` (seconds since the epoch): true the first time, false for every later use. */
  claim(id: string, expiresAt: number): Promise<boolean>;
}

/**
 * Claims held in this process. Bounded: when full, the oldest claims go first (an assertion
 * lives at most a minute, so 100,000 claims cover 1,600 subgraph requests a second).
 */
function createMemoryReplayGuard(max = 100_000): AssertionReplayGuard {
  const claimed = new LRUCache<string, true>({ max });
  return {
    async claim(id, expiresAt) {
      if (claimed.has(id)) return false;
      claimed.set(id, true, { ttl: Math.max(1, (expiresAt + 1) * 1000 - Date.now()) });
      return true;
    },
  };
}

/**
 * Claims shared by every instance of a subgraph (`SET <keyPrefix><audience>:<id> NX EXAT` on Redis), on top of this
 * process's own. While Redis is unreachable the process's claims still refuse replays to this
 * instance; replays to another instance are refused again once Redis is back — the same
 * degradation as the rate-limit buckets, so that a Redis outage does not stop the graph.
 */
function createRedisReplayGuard(
  redis: RedisClient,
  keyPrefix: string,
  audience: string,
  local: AssertionReplayGuard = createMemoryReplayGuard(),
): AssertionReplayGuard {
  return {
    async claim(id, expiresAt) {
      if (!(await local.claim(id, expiresAt))) return false;
      try {
        return (await redis.set(`${keyPrefix}${audience}:${id}`, '1', 'EXAT', expiresAt + 1, 'NX')) === 'OK';
      } catch {
        return true;
      }
    },
  };
}

/** The guard for one subgraph: shared through Redis when there is one (services, production), else this process's own. */
export function createReplayGuard(
  redis: RedisClient | null,
  keyPrefix: string,
  audience: string,
): AssertionReplayGuard {
  return redis ? createRedisReplayGuard(redis, keyPrefix, audience) : createMemoryReplayGuard();
}
