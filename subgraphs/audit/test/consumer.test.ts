// The ledger writer with a real Redis stream and with the in-process queue: every published event stored exactly once.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createMemoryAuditStream,
  createRedisAuditStream,
  createRowPolicy,
  replayDeadLetters,
  type AuditStream,
  type Database,
  type Logger,
} from '@caregraph/platform';
import { openTestDatabase } from '@caregraph/platform/testing';
import { startLedgerWriter, type LedgerWriter } from '../src/consumer';
import { appendEvents } from '../src/ledger';
import { createAuditRepository } from '../src/repository';
import { accessEventOf, batchOf, callerOf, freshTenant, storedIds } from './fixtures';

let database: Database;
const connections: Redis[] = [];
const keys: string[] = [];
const writers: LedgerWriter[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await Promise.all(writers.map((writer) => writer.stop()));
  if (keys.length) await connections[0]?.del(...keys);
  connections.forEach((redis) => redis.disconnect());
  await database?.close();
});

const silentLog = () => {
  const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
  return log as typeof log & Logger;
};

/** Two views of one stream, as two processes would have: one that publishes, one that the writer reads. */
type StreamPair = () => { publisher: AuditStream; reader: AuditStream };

const redisPair: StreamPair = () => {
  const key = `caregraph:test:audit:${randomUUID()}`;
  keys.push(key, `${key}:dead`);
  const open = () => {
    const redis = new Redis('redis://127.0.0.1:6379');
    connections.push(redis);
    return createRedisAuditStream(redis, key, 'g');
  };
  return { publisher: open(), reader: open() };
};

const memoryPair: StreamPair = () => {
  const stream = createMemoryAuditStream();
  return { publisher: stream, reader: stream };
};

function writerOn(
  stream: AuditStream,
  options: { consumerName?: string; reclaimAfterMs?: number; db?: Database } = {},
) {
  const writer = startLedgerWriter({
    stream,
    database: options.db ?? database,
    log: silentLog(),
    blockMs: 100,
    retryMs: 50,
    ...options,
  });
  writers.push(writer);
  return writer;
}

/** The ids stored for the tenant, in ledger order. */

describe.each([
  ['a Redis stream', redisPair],
  ['the in-process queue', memoryPair],
])('the ledger writer on %s', (_name, pair) => {
  it('writes every published event exactly once, in publication order', async () => {
    const { publisher, reader } = pair();
    const tenantId = freshTenant();
    const batches = [batchOf(tenantId, 2), batchOf(tenantId, 3), batchOf(tenantId, 1)];
    const writer = writerOn(reader);
    for (const batch of batches) await publisher.publish(batch);
    await publisher.publish(batches[0]!); // delivered again: stored once
    await writer.drained();

    expect(await storedIds(database, tenantId)).toEqual(batches.flat().map((event) => event.id));
    expect(await reader.lag()).toEqual({ pending: 0, undelivered: 0 });
    expect(
      await createAuditRepository(database, createRowPolicy(callerOf(tenantId, ['auditor']))).verifyLedger(
        'unused-without-checkpoint',
      ),
    ).toMatchObject({ ok: true, checked: 6 });
    await writer.stop();
  });

  it('takes over a batch that a consumer read and never acknowledged (it died)', async () => {
    const { publisher, reader } = pair();
    const tenantId = freshTenant();
    const orphaned = [batchOf(tenantId, 2), batchOf(tenantId, 2)];
    for (const batch of orphaned) await publisher.publish(batch);
    expect(await reader.read('dead', 10, 100, 60_000)).toHaveLength(2);
    expect(await reader.lag()).toEqual({ pending: 2, undelivered: 0 });

    const writer = writerOn(reader, { consumerName: 'survivor', reclaimAfterMs: 200 });
    const later = batchOf(tenantId, 1);
    await publisher.publish(later);
    await writer.drained();

    const ids = await storedIds(database, tenantId);
    expect([...ids].sort()).toEqual([...orphaned.flat(), ...later].map((event) => event.id).sort());
    expect(new Set(ids).size).toBe(5);
    await writer.stop();
  });

  it('retries a failed append without acknowledging, and logs its class and message without values', async () => {
    const { publisher, reader } = pair();
    const tenantId = freshTenant();
    let failures = 2;
    const flaky: Database = {
      ...database,
      transaction: (first, work, options) =>
        failures-- > 0
          ? Promise.reject(new TypeError(`connection lost while writing ${tenantId}`))
          : database.transaction(first, work, options),
    };
    const log = silentLog();
    const writer = startLedgerWriter({ stream: reader, database: flaky, log, blockMs: 100, retryMs: 50 });
    writers.push(writer);
    const batch = batchOf(tenantId, 2);
    await publisher.publish(batch);
    await writer.drained();

    expect(await storedIds(database, tenantId)).toEqual(batch.map((event) => event.id));
    expect(log.error).toHaveBeenCalledTimes(2);
    expect(log.error.mock.calls[0]![0]).toMatchObject({
      errorClass: 'TypeError',
      message: 'connection lost while writing <value>',
    });
    expect(JSON.stringify(log.error.mock.calls)).not.toContain(tenantId);
    await writer.stop();
  });

  it('sets aside a batch the database keeps refusing while it answers, and stores the batches around it', async () => {
    const { publisher, reader } = pair();
    const tenantId = freshTenant();
    const before = batchOf(tenantId, 2);
    const refused = [accessEventOf(tenantId, { id: 'not-a-uuid' })];
    const after = batchOf(tenantId, 1);
    for (const batch of [before, refused, after]) await publisher.publish(batch);
    const log = silentLog();
    const writer = startLedgerWriter({ stream: reader, database, log, blockMs: 100, retryMs: 20, isolateAfter: 2 });
    writers.push(writer);
    await writer.drained();

    expect(await storedIds(database, tenantId)).toEqual([...before, ...after].map((event) => event.id));
    expect(await reader.deadLettered()).toBe(1);
    expect(await reader.lag()).toEqual({ pending: 0, undelivered: 0 });
    const setAside = log.error.mock.calls.filter(([, message]) => message === 'audit batch set aside as a dead letter');
    expect(setAside).toHaveLength(1);
    expect(setAside[0]![0]).toMatchObject({
      refused: 'append',
      sqlState: '22P02',
      message: 'invalid input syntax for type uuid: <value>',
    });
    expect(JSON.stringify(log.error.mock.calls)).not.toContain(tenantId);
    await writer.stop();
  });
});

describe.each([
  ['a Redis stream', redisPair],
  ['the in-process queue', memoryPair],
])('dead letters on %s', (_name, pair) => {
  it('are appended again once their cause is gone, and those still refused are kept', async () => {
    const { publisher, reader } = pair();
    const tenantId = freshTenant();
    const recoverable = batchOf(tenantId, 2);
    await publisher.publish(recoverable);
    await publisher.publish([accessEventOf(tenantId, { id: 'not-a-uuid' })]);
    // set aside while the cause (here: nothing) was in the way, as the writer would
    for (const delivery of await reader.read('operator', 10, 100, 60_000)) await reader.deadLetter(delivery, 'test');
    expect(await reader.deadLettered()).toBe(2);

    const replay = await replayDeadLetters(reader, (events) => appendEvents(database, events));

    expect(replay).toEqual({ replayed: 1, kept: 1 });
    expect(await storedIds(database, tenantId)).toEqual(recoverable.map((event) => event.id));
    expect(await reader.deadLettered()).toBe(1);
    expect(await reader.lag()).toEqual({ pending: 0, undelivered: 0 });
  });
});

describe('the Redis stream once the ledger holds its batches', () => {
  const open = () => {
    const key = `caregraph:test:audit:${randomUUID()}`;
    keys.push(key);
    const redis = new Redis('redis://127.0.0.1:6379');
    connections.push(redis);
    return { key, redis, stream: createRedisAuditStream(redis, key, 'g') };
  };

  it('keeps nothing: acknowledged batches are removed, so the stream does not grow with every request', async () => {
    const { key, redis, stream } = open();
    const tenantId = freshTenant();
    const writer = writerOn(stream);
    for (let i = 0; i < 5; i++) await stream.publish(batchOf(tenantId, 2));
    await writer.drained();
    expect(await storedIds(database, tenantId)).toHaveLength(10);
    expect(await redis.xlen(key)).toBe(0);
    await writer.stop();
  });

  it('removes, when a writer starts, what an earlier one acknowledged but left, and nothing still to store', async () => {
    const { key, redis, stream } = open();
    const tenantId = freshTenant();
    for (let i = 0; i < 4; i++) await stream.publish(batchOf(tenantId, 1));
    const read = await stream.read('old', 3, 100, 60_000);
    await redis.xack(key, 'g', read[0]!.entryId); // acknowledged the old way: left in the stream
    const all = (await redis.xrange(key, '-', '+')).map(([id]) => id);
    expect(all).toHaveLength(4);
    await stream.compact();
    // the second and third are still pending, the fourth undelivered: they stay
    expect((await redis.xrange(key, '-', '+')).map(([id]) => id)).toEqual(all.slice(1));
  });
});

describe('an entry of the Redis stream that is not a list of events', () => {
  it('goes to the dead letters as it was, and the entries after it are stored', async () => {
    const key = `caregraph:test:audit:${randomUUID()}`;
    keys.push(key, `${key}:dead`);
    const redis = new Redis('redis://127.0.0.1:6379');
    connections.push(redis);
    const stream = createRedisAuditStream(redis, key, 'g');
    const tenantId = freshTenant();
    await redis.xadd(key, '*', 'events', '{"truncated":');
    const later = batchOf(tenantId, 2);
    await stream.publish(later);
    const writer = writerOn(stream);
    await writer.drained();

    expect(await storedIds(database, tenantId)).toEqual(later.map((event) => event.id));
    const dead = (await redis.xrange(`${key}:dead`, '-', '+')).map(([, fields]) => fields);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.slice(2)).toEqual(['reason', '{"refused":"unreadable entry"}', 'events', '{"truncated":']);
    expect(await stream.lag()).toEqual({ pending: 0, undelivered: 0 });
    await writer.stop();
  });
});

describe('stopping the ledger writer', () => {
  it('ends the loop and rejects a pending drained()', async () => {
    const stream = createMemoryAuditStream();
    await stream.publish(batchOf(freshTenant(), 1));
    await stream.read('dead', 10, 10, 60_000); // pending until reclaimed, after 30 s
    const writer = writerOn(stream);
    const drained = expect(writer.drained()).rejects.toThrow('stopped before the audit stream drained');
    await writer.stop();
    await drained;
  });
});
