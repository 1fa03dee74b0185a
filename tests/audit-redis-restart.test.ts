// Redis restarted empty (kill -9, no persistence) or killed right after a read: the ledger writer recovers by itself and the stream's lag tells the truth meanwhile.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLedgerWriter } from '@caregraph/audit';
import {
  createLogger,
  createRedis,
  createRedisAuditStream,
  type AuditEvent,
  type Database,
  whenReady,
  type Redis,
} from '@caregraph/platform';
import { openTestDatabase } from '@caregraph/platform/testing';
import { batchOf, freshTenant, storedIds } from '../subgraphs/audit/test/fixtures';
import { startRestartableRedis, type RestartableRedis } from './support/restartable-redis';

let database: Database;
let redis: RestartableRedis;
const connections: Redis[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  redis = await startRestartableRedis();
});
afterAll(async () => {
  connections.forEach((connection) => connection.disconnect());
  await redis?.stop();
  await database?.close();
});

/** The stream as a platform process opens it: the platform's fail-fast connection, once ready; a fresh key. */
async function openStream() {
  const connection = createRedis(redis.url);
  connections.push(connection);
  expect(await whenReady(connection)).toBe(true);
  return createRedisAuditStream(connection, `caregraph:audit:restart:${randomUUID()}`);
}
type Stream = Awaited<ReturnType<typeof openStream>>;

const writerOn = (stream: Stream) =>
  startLedgerWriter({ stream, database, log: createLogger('silent', 'test'), blockMs: 100, retryMs: 50 });
const idsOf = (batches: AuditEvent[][]) => batches.flat().map((event) => event.id);
/** Polls, a bounded number of times, until `check` passes (no fixed sleep stands in for an event). */
const eventually = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 50 });

/** Kills Redis and starts an empty one on its port; returns once `stream` can publish again. */
async function restartEmpty(stream: Stream, first: AuditEvent[]): Promise<void> {
  await redis.kill();
  await redis.start();
  // The connection reconnects by itself; publishing fails fast until it has.
  await eventually(() => stream.publish(first));
}

describe('the audit stream when Redis restarts empty', () => {
  it('has a running ledger writer store every batch published after the restart, without restarting it', async () => {
    const stream = await openStream();
    const tenantId = freshTenant();
    const writer = writerOn(stream);
    const before = [batchOf(tenantId, 3), batchOf(tenantId, 3)];
    for (const batch of before) await stream.publish(batch);
    await eventually(async () => expect(await storedIds(database, tenantId)).toHaveLength(6));

    const after = [batchOf(tenantId, 3), batchOf(tenantId, 3), batchOf(tenantId, 3)];
    await restartEmpty(stream, after[0]!);
    for (const batch of after.slice(1)) await stream.publish(batch);

    await eventually(async () => expect(await storedIds(database, tenantId)).toHaveLength(15));
    await writer.drained();
    expect((await storedIds(database, tenantId)).sort()).toEqual(idsOf([...before, ...after]).sort());
    expect(await stream.lag()).toEqual({ pending: 0, undelivered: 0 });
    await writer.stop();
  });

  it('reports as undelivered what was published while no writer read, then a writer stores it all', async () => {
    const stream = await openStream();
    const tenantId = freshTenant();
    const first = writerOn(stream);
    await stream.publish(batchOf(tenantId, 3));
    await first.drained();
    await first.stop();
    expect(await stream.lag()).toEqual({ pending: 0, undelivered: 0 });

    // The new Redis has the stream again, but not the consumer group.
    const waiting = [batchOf(tenantId, 3), batchOf(tenantId, 3), batchOf(tenantId, 3), batchOf(tenantId, 3)];
    await restartEmpty(stream, waiting[0]!);
    for (const batch of waiting.slice(1)) await stream.publish(batch);
    expect(await stream.lag()).toEqual({ pending: 0, undelivered: 4 });

    // Same stream object, whose group was created before the restart: it creates it again.
    const second = writerOn(stream);
    await second.drained();
    expect(await storedIds(database, tenantId)).toHaveLength(15);
    expect(new Set(await storedIds(database, tenantId)).size).toBe(15);
    expect(await stream.lag()).toEqual({ pending: 0, undelivered: 0 });
    await second.stop();
  });
});

describe('the audit stream when Redis dies right after delivering a read', () => {
  it('gives a consumer whose read failed what was delivered to it before the failure, once Redis is back', async () => {
    const durable = await startRestartableRedis({ appendOnly: true });
    const connection = createRedis(durable.url);
    const raw = createRedis(durable.url);
    connections.push(connection, raw);
    try {
      expect(await whenReady(connection)).toBe(true);
      const key = `caregraph:audit:lost-read:${randomUUID()}`;
      const stream = createRedisAuditStream(connection, key, 'ledger');
      const tenantId = freshTenant();
      // Another consumer's read makes the group.
      expect(await stream.read('other', 10, 10, 60_000)).toEqual([]);
      const published = [batchOf(tenantId, 3), batchOf(tenantId, 3)];
      for (const batch of published) await stream.publish(batch);
      // The read whose answer Redis sent into the void: both entries are now pending to `writer`.
      await raw.xreadgroup('GROUP', 'ledger', 'writer', 'COUNT', 10, 'STREAMS', key, '>');
      expect(await stream.read('other', 10, 10, 60_000)).toEqual([]);

      await durable.kill();
      await expect(stream.read('writer', 10, 10, 60_000)).rejects.toThrow();
      await durable.start();
      const delivered = await eventually(async () => {
        const deliveries = await stream.read('writer', 10, 10, 60_000);
        expect(deliveries).toHaveLength(2);
        return deliveries;
      });
      expect(delivered.flatMap((delivery) => delivery.events!.map((event) => event.id))).toEqual(idsOf(published));
    } finally {
      await durable.stop();
    }
  });
});
