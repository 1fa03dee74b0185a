// What gateway instances share: rate-limit buckets and the APQ store — Redis (REDIS_URL or REDIS_CLUSTER_NODES) when configured, else this process.
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import {
  createRedisCache,
  openConfiguredRedis,
  redisKeys,
  whenReady,
  type Config,
  type Logger,
} from '@caregraph/platform';
import { createMemoryBucket, type CostBucket } from './budget/bucket';
import { createRedisBucket } from './budget/redis-bucket';
import { createResilientBucket } from './budget/resilient-bucket';

export interface SharedState {
  bucket: CostBucket;
  apqCache: KeyValueCache<string>;
  close(): Promise<void>;
}

/**
 * Waits (up to two seconds) for Redis before the gateway serves, so the first requests do not
 * start on per-instance buckets merely because the connection was still being set up.
 */
export async function createSharedState(config: Config, log: Logger): Promise<SharedState> {
  const redis = openConfiguredRedis(config);
  if (!redis) {
    log.warn('REDIS_URL is not set: rate limits and APQ are kept in this process only (single instance)');
    return {
      bucket: createMemoryBucket(),
      apqCache: new InMemoryLRUCache<string>({ maxSize: 30 * 1024 * 1024 }),
      close: async () => {},
    };
  }
  if (!(await whenReady(redis))) log.warn('Redis is not reachable yet: rate limiting per instance until it is');
  const keys = redisKeys(config.REDIS_PREFIX);
  return {
    bucket: createResilientBucket(createRedisBucket(redis, keys.budget), log),
    apqCache: createRedisCache(redis, keys.apq, log),
    close: async () => void redis.disconnect(),
  };
}
