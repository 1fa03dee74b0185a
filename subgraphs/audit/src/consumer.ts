// The ledger writer: reads batches off the audit stream, appends their events, acknowledges only once committed.
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { loggableError, type AuditDelivery, type AuditStream, type Database, type Logger } from '@caregraph/platform';
import { appendEvents } from './ledger';

export interface LedgerWriterOptions {
  stream: AuditStream;
  database: Database;
  log: Logger;
  /** The consumer's name in the stream's group; default host and process id. */
  consumerName?: string;
  /** Deliveries per read (default 100). */
  batch?: number;
  /** How long a read waits for new deliveries (default 1000 ms). */
  blockMs?: number;
  /** Deliveries another consumer left unacknowledged this long are taken over (default 30 s). */
  reclaimAfterMs?: number;
  /** Pause after a failed read or append before trying again (default 1000 ms). */
  retryMs?: number;
  /**
   * After this many failed appends of the same deliveries (default 5), each is appended on its
   * own; one that still fails while the database answers is set aside as a dead letter.
   */
  isolateAfter?: number;
  /**
   * When a read brings fewer than `batch` deliveries, wait this long (default 25 ms) and take
   * what has arrived meanwhile into the same append: under load one transaction then carries
   * many requests' events instead of one or two. The events are safe in the stream meanwhile.
   */
  lingerMs?: number;
}

export interface LedgerWriter {
  /** Ends the loop after the current iteration; resolves once it has ended. */
  stop(): Promise<void>;
  /** Resolves once the stream reports nothing pending and nothing undelivered; rejects if the writer stops first. */
  drained(): Promise<void>;
}

const DRAIN_POLL_MS = 20;

/**
 * Starts the loop. A failed append (or ack) is logged by error class, SQL state and sanitized
 * message (loggableError) — never with event content — and the same deliveries are retried
 * after `retryMs`, unacknowledged meanwhile (if this process dies, another consumer reclaims
 * them); appends are idempotent. An entry that is not a list of events, and a delivery the
 * database keeps refusing while it answers otherwise, go to the stream's dead letters, so one
 * bad batch cannot stop the ledger.
 */
export function startLedgerWriter(options: LedgerWriterOptions): LedgerWriter {
  const {
    stream,
    database,
    log,
    batch = 100,
    blockMs = 1000,
    reclaimAfterMs = 30_000,
    retryMs = 1000,
    isolateAfter = 5,
    lingerMs = 25,
  } = options;
  const consumer = options.consumerName ?? `ledger-${hostname()}-${process.pid}`;
  let stopping = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const setAside = async (delivery: AuditDelivery, reason: Record<string, unknown>) => {
    await stream.deadLetter(delivery, JSON.stringify(reason));
    log.error({ consumer, entryId: delivery.entryId, ...reason }, 'audit batch set aside as a dead letter');
  };

  const databaseAnswers = () =>
    database.db.execute(sql`select 1`).then(
      () => true,
      () => false,
    );

  /**
   * Appends the deliveries one by one, in order; returns those still to do when the database
   * stops answering (they are retried as usual), after setting aside any it alone refuses.
   */
  const appendEach = async (deliveries: AuditDelivery[]): Promise<AuditDelivery[]> => {
    for (const [index, delivery] of deliveries.entries()) {
      try {
        await appendEvents(database, delivery.events!);
        await stream.ack([delivery.entryId]);
      } catch (error) {
        if (!(await databaseAnswers())) return deliveries.slice(index);
        await setAside(delivery, { refused: 'append', ...loggableError(error) });
      }
    }
    return [];
  };

  const loop = (async () => {
    /** Deliveries read but not yet committed and acknowledged: retried in place, in order. */
    let held: AuditDelivery[] = [];
    let failures = 0;
    try {
      await stream.compact();
    } catch (error) {
      log.error({ consumer, ...loggableError(error) }, 'audit stream could not be compacted');
    }
    while (!stopping) {
      try {
        if (!held.length) {
          held = await stream.read(consumer, batch, blockMs, reclaimAfterMs);
          if (held.length && held.length < batch && lingerMs > 0) {
            await pause(lingerMs);
            if (!stopping) held = [...held, ...(await stream.read(consumer, batch - held.length, 1, reclaimAfterMs))];
          }
          failures = 0;
        }
        for (const unreadable of held.filter((delivery) => delivery.events === null)) {
          await setAside(unreadable, { refused: 'unreadable entry' });
          held = held.filter((delivery) => delivery !== unreadable);
        }
        if (!held.length) continue;
        if (failures >= isolateAfter) {
          held = await appendEach(held);
          if (held.length) throw new Error('The database stopped answering');
          continue;
        }
        await appendEvents(
          database,
          held.flatMap((delivery) => delivery.events!),
        );
        await stream.ack(held.map((delivery) => delivery.entryId));
        held = [];
      } catch (error) {
        if (stopping) break;
        failures++;
        log.error({ consumer, ...loggableError(error) }, 'audit ledger write failed; retrying');
        await pause(retryMs);
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
    async drained() {
      for (;;) {
        if (stopping) throw new Error('The ledger writer stopped before the audit stream drained');
        const lag = await stream.lag();
        if (lag.pending === 0 && lag.undelivered === 0) return;
        await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
      }
    },
  };
}
