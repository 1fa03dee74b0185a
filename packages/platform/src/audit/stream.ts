// The audit pipeline between subgraphs and the ledger: a Redis Stream with a consumer group, or an in-process queue.
import { randomUUID } from 'node:crypto';
import type { Redis } from '../redis';
import type { AuditEvent } from './events';

/** One published batch (the events of one subgraph request). */
export interface AuditDelivery {
  entryId: string;
  /** null: the entry could not be read as a list of events (it goes to the dead letters). */
  events: AuditEvent[] | null;
}

export interface AuditLag {
  /** Delivered to a consumer, not yet acknowledged. */
  pending: number;
  /** Published, not yet delivered. */
  undelivered: number;
}

export interface AuditStream {
  /** Hands off one request's events in one call (one XADD); rejects when it cannot. */
  publish(events: AuditEvent[]): Promise<void>;
  /**
   * Up to `count` deliveries for `consumer`: first batches another consumer took but has not
   * acknowledged for `reclaimAfterMs` (it died), then new ones, waiting up to `blockMs`.
   */
  read(consumer: string, count: number, blockMs: number, reclaimAfterMs: number): Promise<AuditDelivery[]>;
  /** Acknowledges batches once their events are committed to the ledger, and removes them from the stream. */
  ack(entryIds: string[]): Promise<void>;
  /**
   * Removes what earlier writers acknowledged but left in the stream (anything before the
   * oldest batch still pending or undelivered). Called when a writer starts.
   */
  compact(): Promise<void>;
  /**
   * Sets aside a batch the ledger cannot store (kept whole with the reason, never dropped) and
   * acknowledges it, so the batches after it are not held up.
   */
  deadLetter(delivery: AuditDelivery, reason: string): Promise<void>;
  /** How many batches have been set aside so far. */
  deadLettered(): Promise<number>;
  /**
   * Offers every dead letter to `append` again, oldest first (once its cause is fixed): those
   * appended are removed, the others kept. Returns how many of each.
   */
  replayDeadLetters(append: (events: AuditEvent[]) => Promise<unknown>): Promise<{ replayed: number; kept: number }>;
  lag(): Promise<AuditLag>;
  /** Releases what the stream opened itself (not the connection it was given). */
  close?(): void;
}

export const AUDIT_STREAM_KEY = 'caregraph:audit';
export const AUDIT_GROUP = 'audit-ledger';

/** The events of a stream entry, or null when the entry is not a JSON list of events. */
function eventsOf(payload: string | undefined): AuditEvent[] | null {
  try {
    const events: unknown = JSON.parse(payload ?? '');
    return Array.isArray(events) && events.every((event) => typeof event === 'object' && event !== null)
      ? (events as AuditEvent[])
      : null;
  } catch {
    return null;
  }
}

export function createRedisAuditStream(redis: Redis, key = AUDIT_STREAM_KEY, group = AUDIT_GROUP): AuditStream {
  let groupReady: Promise<unknown> | null = null;
  // Blocking reads get a connection of their own, without the command timeout publishers rely on.
  let reader: Redis | null = null;
  const readerConnection = () => (reader ??= redis.duplicate({ commandTimeout: undefined }));
  const ensureGroup = () =>
    (groupReady ??= redis.xgroup('CREATE', key, group, '0', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.includes('BUSYGROUP')) {
        groupReady = null;
        throw error;
      }
    }));
  const deadKey = `${key}:dead`;
  /** The raw payload of each entry read, kept until it is acknowledged or set aside. */
  const payloads = new Map<string, string>();
  const parse = (entries: Array<[string, string[]]>): AuditDelivery[] =>
    entries.map(([entryId, fields]) => {
      const payload = fields[fields.indexOf('events') + 1];
      if (payload !== undefined) payloads.set(entryId, payload);
      return { entryId, events: eventsOf(payload) };
    });

  return {
    async publish(events) {
      if (events.length) await redis.xadd(key, '*', 'events', JSON.stringify(events));
    },
    async read(consumer, count, blockMs, reclaimAfterMs) {
      await ensureGroup();
      const [, claimed] = (await readerConnection().xautoclaim(
        key,
        group,
        consumer,
        reclaimAfterMs,
        '0',
        'COUNT',
        count,
      )) as [string, Array<[string, string[]]>];
      if (claimed.length) return parse(claimed);
      const result = (await readerConnection().xreadgroup(
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
      const results = await redis
        .multi()
        .xack(key, group, ...entryIds)
        .xdel(key, ...entryIds)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
      for (const id of entryIds) payloads.delete(id);
    },
    async compact() {
      await ensureGroup();
      const [, oldestPending] = (await redis.xpending(key, group)) as [number, string | null, string | null];
      const groups = (await redis.xinfo('GROUPS', key)) as Array<Array<string | number>>;
      const info = groups.map((fields) => Object.fromEntries(pairs(fields))).find((entry) => entry.name === group);
      const keepFrom = oldestPending ?? (info?.['last-delivered-id'] as string | undefined);
      if (keepFrom && keepFrom !== '0-0') await redis.xtrim(key, 'MINID', keepFrom);
    },
    async deadLetter(delivery, reason) {
      const payload = payloads.get(delivery.entryId) ?? JSON.stringify(delivery.events);
      // Both or neither: the batch is never acknowledged without being kept.
      const results = await redis
        .multi()
        .xadd(deadKey, '*', 'entry', delivery.entryId, 'reason', reason, 'events', payload)
        .xack(key, group, delivery.entryId)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
      payloads.delete(delivery.entryId);
    },
    async deadLettered() {
      return redis.xlen(deadKey);
    },
    async replayDeadLetters(append) {
      let replayed = 0;
      let kept = 0;
      for (const [id, fields] of await redis.xrange(deadKey, '-', '+')) {
        const events = eventsOf(fields[fields.indexOf('events') + 1]);
        try {
          if (!events) throw new Error('unreadable entry');
          await append(events);
          await redis.xdel(deadKey, id);
          replayed++;
        } catch {
          kept++;
        }
      }
      return { replayed, kept };
    },
    close() {
      reader?.disconnect();
    },
    async lag() {
      await ensureGroup();
      const groups = (await redis.xinfo('GROUPS', key)) as Array<Array<string | number>>;
      const info = groups.map((fields) => Object.fromEntries(pairs(fields))).find((entry) => entry.name === group);
      return { pending: Number(info?.pending ?? 0), undelivered: Number(info?.lag ?? 0) };
    },
  };
}

function pairs(fields: Array<string | number>): Array<[string | number, string | number]> {
  const result: Array<[string | number, string | number]> = [];
  for (let i = 0; i < fields.length; i += 2) result.push([fields[i]!, fields[i + 1]!]);
  return result;
}

/** The embedded mode's queue: same contract, one process, nothing survives a restart. */
export function createMemoryAuditStream(): AuditStream {
  const undelivered: AuditDelivery[] = [];
  const pending = new Map<string, { delivery: AuditDelivery; at: number }>();
  const waiters: Array<() => void> = [];
  const dead: Array<{ delivery: AuditDelivery; reason: string }> = [];
  return {
    async publish(events) {
      if (!events.length) return;
      undelivered.push({ entryId: randomUUID(), events });
      waiters.splice(0).forEach((wake) => wake());
    },
    async read(_consumer, count, blockMs, reclaimAfterMs) {
      const now = Date.now();
      const stale = [...pending.values()].filter((entry) => now - entry.at >= reclaimAfterMs).slice(0, count);
      if (stale.length) {
        for (const entry of stale) entry.at = now;
        return stale.map((entry) => entry.delivery);
      }
      if (!undelivered.length)
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, blockMs);
        });
      const taken = undelivered.splice(0, count);
      for (const delivery of taken) pending.set(delivery.entryId, { delivery, at: Date.now() });
      return taken;
    },
    async ack(entryIds) {
      for (const id of entryIds) pending.delete(id);
    },
    async compact() {
      // acknowledged batches are gone already
    },
    async deadLetter(delivery, reason) {
      dead.push({ delivery, reason });
      pending.delete(delivery.entryId);
    },
    async deadLettered() {
      return dead.length;
    },
    async replayDeadLetters(append) {
      let replayed = 0;
      for (const letter of [...dead]) {
        try {
          if (!letter.delivery.events) throw new Error('unreadable entry');
          await append(letter.delivery.events);
          dead.splice(dead.indexOf(letter), 1);
          replayed++;
        } catch {
          // kept
        }
      }
      return { replayed, kept: dead.length };
    },
    async lag() {
      return { pending: pending.size, undelivered: undelivered.length };
    },
  };
}
