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
