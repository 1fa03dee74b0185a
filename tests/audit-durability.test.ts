// The audit pipeline under load: a ledger writer dies midway, another takes over; every event arrives exactly once.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startLedgerWriter } from '@caregraph/audit';
import { createLogger, createRedisAuditStream, rowsOf, type AuditStream } from '@caregraph/platform';
import { postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { buildDemoData } from '@caregraph/platform';
import { usePlatforms } from './support/platform';

const platforms = usePlatforms();
const redis = new Redis('redis://127.0.0.1:6379');
afterAll(() => redis.disconnect());

const REQUESTS = 2000;
const CONCURRENCY = 20;

/** A stream whose acknowledgements stop answering after `acks` of them: the consumer "dies" between commit and ack. */
function dyingAfter(stream: AuditStream, acks: number): { stream: AuditStream; died: Promise<void> } {
  let left = acks;
  let markDead: () => void;
  const died = new Promise<void>((resolve) => (markDead = resolve));
  return {
    died,
    stream: {
      ...stream,
      read: (...args) => stream.read(...args),
      lag: () => stream.lag(),
      async ack(ids) {
        if (left-- > 0) return stream.ack(ids);
        markDead();
        return new Promise<void>(() => {});
      },
    },
  };
}

describe('the audit pipeline on Redis', () => {
  it("stores each of 2,000 requests' events exactly once although its writer dies midway", async () => {
    const key = `caregraph:audit:test:${randomUUID()}`;
    const stream = createRedisAuditStream(redis, key, 'ledger');
    const platform = await platforms.start({ REDIS_URL: 'redis://127.0.0.1:6379' }, undefined, {
      auditStream: stream,
      runLedgerWriter: false,
    });
    const database = platforms.database();
    const log = createLogger('silent', 'test');
    const dying = dyingAfter(stream, 5);
    // Writer A: takes batches, stores them, and stops answering after five acknowledgements.
    startLedgerWriter({
      stream: dying.stream,
      database: database.withOwnStats(),
      log,
      consumerName: 'A',
      batch: 50,
      blockMs: 200,
      reclaimAfterMs: 500,
    });

    const requestIds: string[] = [];
    const token = await tokenFor('doctor@acme.test');
    const patientId = buildDemoData(1)[0]!.patients[0]!.id;
    let next = 0;
    let writerB: ReturnType<typeof startLedgerWriter> | null = null;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        if (i === REQUESTS / 2) {
          await dying.died;
          writerB = startLedgerWriter({
            stream,
            database: database.withOwnStats(),
            log,
            consumerName: 'B',
            batch: 50,
            blockMs: 200,
            reclaimAfterMs: 500,
          });
        }
        const response = await postGraphQL(platform.gatewayUrl, {
          query: 'query Probe($id: ID!) { patient(id: $id) { id } }',
          variables: { id: patientId },
          token,
        });
        if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
        requestIds.push(response.headers.get('x-request-id')!);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await writerB!.drained();
    await writerB!.stop();

    const [counts] = rowsOf<{ events: number; requests: number }>(
      await database.db.execute(sql`select count(*)::int as events, count(distinct request_id)::int as requests
        from audit.access_event where request_id in ${requestIds}`),
    );
    expect(counts).toEqual({ events: REQUESTS, requests: REQUESTS });
    expect(await stream.lag()).toEqual({ pending: 0, undelivered: 0 });
    await redis.del(key);
  }, 120_000);
});
