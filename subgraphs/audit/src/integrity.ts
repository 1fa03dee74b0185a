// Walks a tenant's chain from its checkpoint (or genesis) and reports the first link that does not hold.
import { GENESIS_HASH, chainHash, checkpointSignatureValid, eventOfRow } from './chain';
import type { AccessEventRow, CheckpointRow } from './db/schema';

export interface IntegrityReport {
  ok: boolean;
  /** Events examined (up to and including the first broken one). */
  checked: number;
  firstBrokenSeq: number | null;
  firstBrokenEventId: string | null;
  /** The checkpoint the walk started from, if the ledger was purged. */
  checkpointSeq: number | null;
}

export interface ChainCheck {
  /** Checks the next rows (in seq order); false once the chain is broken (later rows are not looked at). */
  push(rows: readonly AccessEventRow[]): boolean;
  report(): IntegrityReport;
}

/**
 * Starts a walk at `start` (the newest checkpoint, or null for genesis). A checkpoint whose
 * signature does not match is reported as broken at its own seq.
 */
export function createChainCheck(start: CheckpointRow | null, checkpointKey: string): ChainCheck {
  const report: IntegrityReport = {
    ok: true,
    checked: 0,
    firstBrokenSeq: null,
    firstBrokenEventId: null,
    checkpointSeq: start?.seq ?? null,
  };
  let expectedSeq = (start?.seq ?? 0) + 1;
  let expectedPrev = start?.hash ?? GENESIS_HASH;
  if (start && !checkpointSignatureValid(checkpointKey, start)) {
    Object.assign(report, { ok: false, firstBrokenSeq: start.seq });
  }

  return {
    push(rows) {
      for (const row of rows) {
        if (!report.ok) return false;
        report.checked += 1;
        const holds =
          row.seq === expectedSeq &&
          row.prevHash === expectedPrev &&
          row.hash === chainHash(row.prevHash, eventOfRow(row));
        if (!holds) {
          Object.assign(report, { ok: false, firstBrokenSeq: row.seq, firstBrokenEventId: row.id });
          return false;
        }
        expectedSeq += 1;
        expectedPrev = row.hash;
      }
      return report.ok;
    },
    report: () => ({ ...report }),
  };
}
