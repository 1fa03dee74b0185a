// The audit stream on Redis: a Stream with a consumer group, acknowledged batches deleted, dead letters beside it.
import type { ChainableCommander } from 'ioredis';
import { createBlockingConnection, whenReady, type RedisClient } from '../redis';
import { AUDIT_GROUP, eventsOf, type AuditDelivery, type AuditStream } from './stream';

/** Runs a MULTI and fails when any of its commands did (ioredis reports those per command). */
async function execAll(multi: ChainableCommander): Promise<void> {
  const failed = (await multi.exec())?.find(([error]) => error)?.[0];
  if (failed) throw failed;
}

/** Redis lost the consumer group: it restarted without its data (or the group was destroyed). */
const isNoGroup = (error: unknown) => error instanceof Error && error.message.startsWith('NOGROUP');

/**
 * The stream at `key` (redisKeys(REDIS_PREFIX).auditStream), its dead letters at `<key>:dead`.
 * No command spans both keys, so they may live on different nodes of a Redis Cluster.
 */
export function createRedisAuditStream(redis: RedisClient, key: string, group = AUDIT_GROUP): AuditStream {
  let groupReady: Promise<unknown> | null = null;
  // Blocking reads get a connection of their own, without the command timeout publishers rely on;
  // it is made on the first read, which waits until it is ready (it has no offline queue either).
  let reader: RedisClient | null = null;
  let readerReady: Promise<RedisClient> | null = null;
  const readerConnection = () =>
    (readerReady ??= (async () => {
      reader = createBlockingConnection(redis);
      await whenReady(reader);
      return reader;
    })());
  const ensureGroup = () =>
    (groupReady ??= redis.xgroup('CREATE', key, group, '0', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.includes('BUSYGROUP')) {
        groupReady = null;
        throw error;
      }
    }));
  /**
   * Runs `command` once the group exists. When Redis has lost the group since (a restart without
   * persistence), creates it again — from the start of the stream, so nothing published since is
   * skipped — and retries once.
   */
  const withGroup = async <T>(command: () => Promise<T>): Promise<T> => {
    await ensureGroup();
    try {
      return await command();
    } catch (error) {
      if (!isNoGroup(error)) throw error;
      groupReady = null;
      await ensureGroup();
      return command();
    }
  };
  /** Consumers whose last read failed: their next read first takes what is pending to them. */
  const ownPendingFirst = new Set<string>();
  const deadKey = `${key}:dead`;
  const payloadOf = (fields: string[]) => fields[fields.indexOf('events') + 1];
  const parse = (entries: Array<[string, string[]]>): AuditDelivery[] =>
    entries.map(([entryId, fields]) => {
      const events = eventsOf(payloadOf(fields));
      return events ? { entryId, events } : { entryId, events, unreadable: payloadOf(fields) ?? '' };
    });
  /** The group's XINFO fields; undefined when there is no group (or no stream). Never creates either. */
  const groupInfo = async () => {
    const groups = (await redis.xinfo('GROUPS', key).catch((error: Error) => {
      if (error.message.includes('no such key')) return [];
      throw error;
    })) as Array<Array<string | number | null>>;
    return groups.map((fields) => Object.fromEntries(pairs(fields))).find((entry) => entry.name === group);
  };
  /** Entries after `id` (those the group has not been given yet), counted page by page. */
  const countAfter = async (id: string) => {
    let count = 0;
    for (let from = `(${id}`; ;) {
      const page = await redis.xrange(key, from, '+', 'COUNT', 1000);
      count += page.length;
      if (page.length < 1000) return count;
      from = `(${page.at(-1)![0]}`;
    }
  };

  return {
    async publish(events) {
      if (events.length) await redis.xadd(key, '*', 'events', JSON.stringify(events));
    },
    async read(consumer, count, blockMs, reclaimAfterMs) {
      try {
        const connection = await readerConnection();
        if (ownPendingFirst.has(consumer)) {
          // Entries delivered to this consumer whose answer it never got (Redis went away after
          // the read, before the reply): they stay pending to it, and '>' never returns them again.
          const mine = (await withGroup(() =>
            connection.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', key, '0'),
          )) as Array<[string, Array<[string, string[]]>]> | null;
          const entries = mine?.[0]?.[1] ?? [];
          if (entries.length < count) ownPendingFirst.delete(consumer);
          if (entries.length) return parse(entries);
        }
        const [, claimed] = (await withGroup(() =>
          connection.xautoclaim(key, group, consumer, reclaimAfterMs, '0', 'COUNT', count),
        )) as [string, Array<[string, string[]]>];
        if (claimed.length) return parse(claimed);
        const result = (await withGroup(() =>
          connection.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', key, '>'),
        )) as Array<[string, Array<[string, string[]]>]> | null;
        return result ? parse(result[0]![1]) : [];
      } catch (error) {
        ownPendingFirst.add(consumer);
        throw error;
      }
    },
    async ack(entryIds) {
      if (!entryIds.length) return;
      // The ledger is the stream's only reader: an acknowledged batch is of no further use, and
      // left in place the stream would grow by every request's events for ever.
      await execAll(
        redis
          .multi()
          .xack(key, group, ...entryIds)
          .xdel(key, ...entryIds),
      );
    },
    async compact() {
      const [, oldestPending] = (await withGroup(() => redis.xpending(key, group))) as [
        number,
        string | null,
        string | null,
      ];
      const info = await groupInfo();
      const keepFrom = oldestPending ?? (info?.['last-delivered-id'] as string | undefined);
      if (keepFrom && keepFrom !== '0-0') await redis.xtrim(key, 'MINID', keepFrom);
    },
    async deadLetter(delivery, reason) {
      const payload = delivery.unreadable ?? JSON.stringify(delivery.events);
      // Kept first, acknowledged after: never acknowledged without being kept. A crash in between
      // leaves the batch pending, so it is set aside again (a duplicate dead letter, whose replay
      // stores nothing twice: the ledger keeps each event id once). Not one MULTI: the two keys
      // may hash to different slots of a Redis Cluster, which refuses such a transaction.
      await redis.xadd(deadKey, '*', 'entry', delivery.entryId, 'reason', reason, 'events', payload);
      await redis.xack(key, group, delivery.entryId);
    },
    async deadLettered() {
      return redis.xlen(deadKey);
    },
    async deadLetters() {
      const entries = await redis.xrange(deadKey, '-', '+');
      return entries.map(([id, fields]) => ({ id, events: eventsOf(payloadOf(fields)) }));
    },
    async removeDeadLetter(id) {
      await redis.xdel(deadKey, id);
    },
    close() {
      reader?.disconnect();
    },
    async lag() {
      const info = await groupInfo();
      // No group (never read yet, or lost by a Redis restart): everything in the stream is undelivered.
      if (!info) return { pending: 0, undelivered: await redis.xlen(key) };
      // Redis cannot always tell the lag (entries deleted after the last delivered one): count them.
      const undelivered = info.lag ?? (await countAfter(String(info['last-delivered-id'])));
      return { pending: Number(info.pending), undelivered: Number(undelivered) };
    },
  };
}

function pairs<T>(fields: T[]): Array<[T, T]> {
  const result: Array<[T, T]> = [];
  for (let i = 0; i < fields.length; i += 2) result.push([fields[i]!, fields[i + 1]!]);
  return result;
}
