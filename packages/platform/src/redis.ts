// The configured Redis (one node, or a Redis Cluster through ioredis): fails fast while Redis is away so callers can fall back, and reconnects by itself.
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from './config';

export type { Cluster, Redis };

/** What the platform talks to: a single Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisClient = Redis | Cluster;

/** No offline queue and a command timeout: a command fails at once or within half a second, never waits for Redis. */
const FAIL_FAST = {
  maxRetriesPerRequest: 1,
  connectTimeout: 1000,
  commandTimeout: 500,
} satisfies RedisOptions;
const reconnectDelay = (attempt: number) => Math.min(attempt * 200, 2000);

/** Connection errors surface as failed commands; the 'error' events themselves are absorbed here. */
export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    ...FAIL_FAST,
    lazyConnect: false,
    enableOfflineQueue: false,
    retryStrategy: reconnectDelay,
  });
  redis.on('error', () => {});
  return redis;
}

/**
 * A Redis Cluster from its seed nodes, with the same fail-fast behaviour as createRedis. Every
 * command or MULTI must stay within one hash slot (Redis refuses the others).
 */
export function createRedisCluster(nodes: Array<{ host: string; port: number }>): Cluster {
  const cluster = new Cluster(nodes, {
    enableOfflineQueue: false,
    clusterRetryStrategy: reconnectDelay,
    redisOptions: FAIL_FAST,
  });
  cluster.on('error', () => {});
  return cluster;
}

/** The Redis the configuration names (REDIS_CLUSTER_NODES, else REDIS_URL), or null when it names none. */
export function openConfiguredRedis(config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>): RedisClient | null {
  if (config.REDIS_CLUSTER_NODES) return createRedisCluster(config.REDIS_CLUSTER_NODES);
  return config.REDIS_URL ? createRedis(config.REDIS_URL) : null;
}

/** A connection of its own to the same Redis, without the command timeout: for blocking reads. */
export function createBlockingConnection(redis: RedisClient): RedisClient {
  const connection =
    redis instanceof Cluster
      ? redis.duplicate([], { redisOptions: { ...redis.options.redisOptions, commandTimeout: undefined } })
      : redis.duplicate({ commandTimeout: undefined });
  connection.on('error', () => {});
  return connection;
}

/**
 * Resolves true once `redis` is ready, false after `ms` if it is not. Commands sent before
 * then fail at once (there is no offline queue), so whatever runs right after a connection is
 * made — the ledger writer's first read at start, above all — waits for this first.
 */
export function whenReady(redis: RedisClient, ms = 2000): Promise<boolean> {
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
 * The default prefix `caregraph:` gives the keys used before the prefix existed. No operation
 * spans two of these keys, so each may live on any node of a Redis Cluster.
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
