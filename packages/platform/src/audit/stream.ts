// The audit pipeline between subgraphs and the ledger: its contract (a Redis Stream or an in-process queue fulfils it).
import type { AuditEvent } from './events';

/** One published batch (the events of one subgraph request). */
export interface AuditDelivery {
  entryId: string;
  /** null: the entry could not be read as a list of events (it goes to the dead letters). */
  events: AuditEvent[] | null;
  /** The entry as it was, when it could not be read (kept whole in the dead letters). */
  unreadable?: string;
}

/** A batch set aside: its dead-letter id and its events (null when they could not be read). */
export interface DeadLetter {
  id: string;
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
   * Up to `count` deliveries for `consumer`: after a read of its own failed, first those delivered
   * to it whose answer it may never have received; then batches another consumer took but has
   * not acknowledged for `reclaimAfterMs` (it died); then new ones, waiting up to `blockMs`.
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
  /** The batches set aside, oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Forgets a dead letter (once its events are in the ledger). */
  removeDeadLetter(id: string): Promise<void>;
  lag(): Promise<AuditLag>;
  /** Releases what the stream opened itself (not the connection it was given). */
  close?(): void;
}

export const AUDIT_GROUP = 'audit-ledger';

/** The events of a stream entry, or null when the entry is not a JSON list of events. */
export function eventsOf(payload: string | undefined): AuditEvent[] | null {
  try {
    const events: unknown = JSON.parse(payload ?? '');
    return Array.isArray(events) && events.every((event) => typeof event === 'object' && event !== null)
      ? (events as AuditEvent[])
      : null;
  } catch {
    return null;
  }
}

/**
 * Offers every dead letter to `append` again, oldest first (once its cause is fixed): those
 * appended are removed, the others kept. Returns how many of each.
 */
export async function replayDeadLetters(
  stream: AuditStream,
  append: (events: AuditEvent[]) => Promise<unknown>,
): Promise<{ replayed: number; kept: number }> {
  let replayed = 0;
  let kept = 0;
  for (const letter of await stream.deadLetters()) {
    try {
      if (!letter.events) throw new Error('unreadable entry');
      await append(letter.events);
      await stream.removeDeadLetter(letter.id);
      replayed++;
    } catch {
      kept++;
    }
  }
  return { replayed, kept };
}
