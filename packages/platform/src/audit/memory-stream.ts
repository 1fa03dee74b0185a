// The audit stream of the embedded mode: an in-process queue with the same contract as the Redis Stream.
import { randomUUID } from 'node:crypto';
import type { AuditDelivery, AuditStream } from './stream';

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
    async deadLetters() {
      return dead.map(({ delivery }) => ({ id: delivery.entryId, events: delivery.events }));
    },
    async removeDeadLetter(id) {
      const index = dead.findIndex((letter) => letter.delivery.entryId === id);
      if (index >= 0) dead.splice(index, 1);
    },
    async lag() {
      return { pending: pending.size, undelivered: undelivered.length };
    },
  };
}
