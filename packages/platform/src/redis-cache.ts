// A KeyValueCache over Redis (Apollo's APQ store in services mode), keys prefixed, TTL in seconds; fails open while Redis is away.
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { loggableError } from './loggable-error';
import type { Logger } from './logger';
import type { RedisClient } from './redis';

/**
 * `prefix` is redisKeys(REDIS_PREFIX).apq. While Redis fails, a lookup is a miss (a hash alone
 * then answers PERSISTED_QUERY_NOT_FOUND and the client sends the document again) and a store
 * or delete does nothing, so an outage never fails a request; `log` hears of it once per
 * outage, without keys or values.
 */
export function createRedisCache(redis: RedisClient, prefix: string, log?: Logger): KeyValueCache<string> {
  let failing = false;
  const attempt = async <T>(command: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      const result = await command();
      if (failing) log?.info('APQ is back on Redis');
      failing = false;
      return result;
    } catch (error) {
      if (!failing) log?.warn(loggableError(error), 'Redis unreachable: APQ lookups miss until it is back');
      failing = true;
      return fallback;
    }
  };
  return {
    get: (key) => attempt(async () => (await redis.get(prefix + key)) ?? undefined, undefined),
    set: (key, value, options?: KeyValueCacheSetOptions) =>
      attempt(async () => {
        if (options?.ttl) await redis.set(prefix + key, value, 'EX', options.ttl);
        else await redis.set(prefix + key, value);
      }, undefined),
    delete: (key) => attempt(async () => (await redis.del(prefix + key)) > 0, false),
  };
}
