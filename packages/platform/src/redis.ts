// The Redis connection (ioredis): fails fast while Redis is away so callers can fall back, and reconnects by itself.
import { Redis } from 'ioredis';

export type { Redis };

/** Connection errors surface as failed commands; the 'error' events themselves are absorbed here. */
export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.on('error', () => {});
  return redis;
}

/**
 * Resolves true once `redis` is ready, false after `ms` if it is not. Commands sent before
 * then fail at once (there is no offline queue), so whatever runs right after a connection is
 * made — the ledger writer's first read at start, above all — waits for this first.
 */
export function whenReady(redis: Redis, ms = 2000): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const ready = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      redis.off('ready', ready);
      resolve(false);
    }, ms);
    redis.once('ready', ready);
  });
}

/**
 * Every key the platform writes, under one prefix (REDIS_PREFIX) so that deployments can share
 * a Redis. Explicit rather than ioredis's `keyPrefix`, which XGROUP and XINFO do not get.
 * The default prefix `caregraph:` gives the keys used before the prefix existed.
 */
export function redisKeys(prefix: string) {
  return {
    /** Prepended to Apollo's APQ keys (`apq:<sha256>`). */
    apq: prefix,
    /** Prepended to a principal's rate-limit bucket. */
    budget: `${prefix}budget:`,
    /** The audit stream; its dead letters are `<auditStream>:dead`. */
    auditStream: `${prefix}audit`,
    /** Prepended to `<audience>:<assertion id>`: the single-use claims of gateway assertions. */
    assertion: `${prefix}assertion:`,
  };
}
