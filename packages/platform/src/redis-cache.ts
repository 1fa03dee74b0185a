// A KeyValueCache over Redis (Apollo's APQ store in services mode), keys prefixed, TTL in seconds; fails open while Redis is away.
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from './logger';
import type { RedisClient } from './redis';
import { redisWithFallback } from './redis-fallback';

/**
 * `prefix` is redisKeys(REDIS_PREFIX).apq. While Redis fails, a lookup is a miss (a hash alone
 * then answers PERSISTED_QUERY_NOT_FOUND and the client sends the document again) and a store
 * or delete does nothing, so an outage never fails a request; `log` hears of it once per
 * outage, without keys or values.
 */
export function createRedisCache(redis: RedisClient, prefix: string, log?: Logger): KeyValueCache<string> {
  const attempt = redisWithFallback(log, {
    down: 'Redis unreachable: APQ lookups miss until it is back',
    back: 'APQ is back on Redis',
  });
  return {
    get: (key) =>
      attempt(
        async () => (await redis.get(prefix + key)) ?? undefined,
        () => undefined,
      ),
    set: (key, value, options?: KeyValueCacheSetOptions) =>
      attempt(
        async () => {
          if (options?.ttl) await redis.set(prefix + key, value, 'EX', options.ttl);
          else await redis.set(prefix + key, value);
        },
        () => undefined,
      ),
    delete: (key) =>
      attempt(
        async () => (await redis.del(prefix + key)) > 0,
        () => false,
      ),
  };
}
