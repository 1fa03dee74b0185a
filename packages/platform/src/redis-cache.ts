// A KeyValueCache over ioredis (Apollo's APQ store in services mode), keys prefixed, TTL in seconds.
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from './redis';

/** `prefix` is redisKeys(REDIS_PREFIX).apq. */
export function createRedisCache(redis: Redis, prefix: string): KeyValueCache<string> {
  return {
    async get(key) {
      return (await redis.get(prefix + key)) ?? undefined;
    },
    async set(key, value, options?: KeyValueCacheSetOptions) {
      if (options?.ttl) await redis.set(prefix + key, value, 'EX', options.ttl);
      else await redis.set(prefix + key, value);
    },
    async delete(key) {
      return (await redis.del(prefix + key)) > 0;
    },
  };
}
