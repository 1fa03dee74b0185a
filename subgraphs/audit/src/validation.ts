// Argument rules of the audit subgraph: ledger pages keyed by seq, and the event filter.
import { badInput, parseId, parsePage, parseText, type CursorKey, type Page } from '@caregraph/platform';
import type { AccessAction, AccessEventFilter } from './__generated__/resolvers-types';
import type { AccessEventRow } from './db/schema';

/** A page of the ledger, newest first: `afterSeq` is the seq of the last event seen. */
export type SeqPage = Page & { afterSeq: number | null };

export interface EventFilter {
  patientId: string | null;
  actorId: string | null;
  action: AccessAction | null;
  from: Date | null;
  to: Date | null;
}

export function parseSeqPage(args: { first?: number | null; after?: string | null }): SeqPage {
  const page = parsePage(args);
  if (!page.after) return { ...page, afterSeq: null };
  if (!/^[1-9][0-9]{0,14}$/.test(page.after[0])) throw badInput('after', 'malformed cursor');
  return { ...page, afterSeq: Number(page.after[0]) };
}

/** The cursor key of a ledger row: its seq, then its id. */
export function seqKey(row: AccessEventRow): CursorKey {
  return [String(row.seq), row.id];
}

/** Events in [from, to) by the given patient, actor and action; `to` must be later than `from`. */
export function parseEventFilter(filter: AccessEventFilter | null | undefined): EventFilter {
  const from = filter?.from ?? null;
  const to = filter?.to ?? null;
  if (from && to && to.getTime() <= from.getTime()) throw badInput('filter.to', 'must be after from');
  return {
    patientId: filter?.patientId == null ? null : parseId('filter.patientId', filter.patientId),
    actorId: filter?.actorId == null ? null : parseText('filter.actorId', filter.actorId, { max: 200 }),
    action: filter?.action ?? null,
    from,
    to,
  };
}
