// The audit stream on Redis: a Stream with a consumer group, acknowledged batches deleted, dead letters beside it.
import type { ChainableCommander } from 'ioredis';
import { whenReady, type Redis } from '../redis';
import { AUDIT_GROUP, eventsOf, type AuditDelivery, type AuditStream } from './stream';

/** Runs a MULTI and fails when any of its commands did (ioredis reports those per command). */
async function execAll(multi: ChainableCommander): Promise<void> {
  const failed = (await multi.exec())?.find(([error]) => error)?.[0];
  if (failed) throw failed;
}

/** The stream at `key` (redisKeys(REDIS_PREFIX).auditStream), its dead letters at `<key>:dead`. */
export function createRedisAuditStream(redis: Redis, key: string, group = AUDIT_GROUP): AuditStream {
  let groupReady: Promise<unknown> | null = null;
  // Blocking reads get a connection of their own, without the command timeout publishers rely on;
  // it is made on the first read, which waits until it is ready (it has no offline queue either).
  let reader: Redis | null = null;
  let readerReady: Promise<Redis> | null = null;
  const readerConnection = () =>
    (readerReady ??= (async () => {
      reader = redis.duplicate({ commandTimeout: undefined });
      reader.on('error', () => {}); // as createRedis does: failures surface as failed reads
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
  const deadKey = `${key}:dead`;
  const payloadOf = (fields: string[]) => fields[fields.indexOf('events') + 1];
  const parse = (entries: Array<[string, string[]]>): AuditDelivery[] =>
    entries.map(([entryId, fields]) => {
      const events = eventsOf(payloadOf(fields));
      return events ? { entryId, events } : { entryId, events, unreadable: payloadOf(fields) ?? '' };
    });
  const groupInfo = async () => {
    await ensureGroup();
    const groups = (await redis.xinfo('GROUPS', key)) as Array<Array<string | number>>;
    return groups.map((fields) => Object.fromEntries(pairs(fields))).find((entry) => entry.name === group);
  };

  return {
    async publish(events) {
      if (events.length) await redis.xadd(key, '*', 'events', JSON.stringify(events));
    },
    async read(consumer, count, blockMs, reclaimAfterMs) {
      await ensureGroup();
      const connection = await readerConnection();
      const [, claimed] = (await connection.xautoclaim(key, group, consumer, reclaimAfterMs, '0', 'COUNT', count)) as [
        string,
        Array<[string, string[]]>,
      ];
      if (claimed.length) return parse(claimed);
      const result = (await connection.xreadgroup(
        'GROUP',
        group,
        consumer,
        'COUNT',
        count,
        'BLOCK',
        blockMs,
        'STREAMS',
        key,
        '>',
      )) as Array<[string, Array<[string, string[]]>]> | null;
      return result ? parse(result[0]![1]) : [];
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
      const info = await groupInfo();
      const [, oldestPending] = (await redis.xpending(key, group)) as [number, string | null, string | null];
      const keepFrom = oldestPending ?? (info?.['last-delivered-id'] as string | undefined);
      if (keepFrom && keepFrom !== '0-0') await redis.xtrim(key, 'MINID', keepFrom);
    },
    async deadLetter(delivery, reason) {
      const payload = delivery.unreadable ?? JSON.stringify(delivery.events);
      // Both or neither: the batch is never acknowledged without being kept.
      await execAll(
        redis
          .multi()
          .xadd(deadKey, '*', 'entry', delivery.entryId, 'reason', reason, 'events', payload)
          .xack(key, group, delivery.entryId),
      );
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
      return { pending: Number(info?.pending ?? 0), undelivered: Number(info?.lag ?? 0) };
    },
  };
}

function pairs(fields: Array<string | number>): Array<[string | number, string | number]> {
  const result: Array<[string | number, string | number]> = [];
  for (let i = 0; i < fields.length; i += 2) result.push([fields[i]!, fields[i + 1]!]);
  return result;
}
