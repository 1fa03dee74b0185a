// The ledger writer: reads batches off the audit stream, appends their events, acknowledges only once committed.
import { hostname } from 'node:os';
import type { AuditDelivery, AuditStream, Database, Logger } from '@caregraph/platform';
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
}

export interface LedgerWriter {
  /** Ends the loop after the current iteration; resolves once it has ended. */
  stop(): Promise<void>;
  /** Resolves once the stream reports nothing pending and nothing undelivered; rejects if the writer stops first. */
  drained(): Promise<void>;
}

const DRAIN_POLL_MS = 20;

/**
 * Starts the loop. A failed append (or ack) is logged by error class only — never with event
 * content — and the same deliveries are retried after `retryMs`, unacknowledged meanwhile (if
 * this process dies, another consumer reclaims them); appends are idempotent.
 */
export function startLedgerWriter(options: LedgerWriterOptions): LedgerWriter {
  const { stream, database, log, batch = 100, blockMs = 1000, reclaimAfterMs = 30_000, retryMs = 1000 } = options;
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

  const loop = (async () => {
    /** Deliveries read but not yet committed and acknowledged: retried in place, in order. */
    let held: AuditDelivery[] = [];
    while (!stopping) {
      try {
        if (!held.length) held = await stream.read(consumer, batch, blockMs, reclaimAfterMs);
        if (!held.length) continue;
        await appendEvents(
          database,
          held.flatMap((delivery) => delivery.events),
        );
        await stream.ack(held.map((delivery) => delivery.entryId));
        held = [];
      } catch (error) {
        if (stopping) break;
        const failure = error as (Error & { cause?: { code?: string } }) | undefined;
        log.error(
          { consumer, errorClass: failure?.name ?? typeof error, sqlState: failure?.cause?.code },
          'audit ledger write failed; retrying',
        );
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
