// What gateway instances share: rate-limit buckets and the APQ store — Redis when REDIS_URL is set, else this process.
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { createRedis, createRedisCache, redisKeys, whenReady, type Config, type Logger } from '@caregraph/platform';
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
  if (!config.REDIS_URL) {
    log.warn('REDIS_URL is not set: rate limits and APQ are kept in this process only (single instance)');
    return {
      bucket: createMemoryBucket(),
      apqCache: new InMemoryLRUCache<string>({ maxSize: 30 * 1024 * 1024 }),
      close: async () => {},
    };
  }
  const redis = createRedis(config.REDIS_URL);
  if (!(await whenReady(redis))) log.warn('Redis is not reachable yet: rate limiting per instance until it is');
  const keys = redisKeys(config.REDIS_PREFIX);
  return {
    bucket: createResilientBucket(createRedisBucket(redis, keys.budget), log),
    apqCache: createRedisCache(redis, keys.apq),
    close: async () => void redis.disconnect(),
  };
}
