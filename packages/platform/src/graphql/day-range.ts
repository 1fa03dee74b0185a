// Calendar-day ranges of the analytics fields: [from, to] inclusive, as UTC instants [start, end).
import { badInput } from '../errors';

const DAY_MS = 86_400_000;

/** `from`..`to` (YYYY-MM-DD, inclusive) as [start, end) in UTC; `to` not before `from`, at most `maxDays` days. */
export function parseDayRange(from: string, to: string, maxDays = 366): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  if (end.getTime() <= start.getTime()) throw badInput('to', 'must not be before from');
  if (end.getTime() - start.getTime() > maxDays * DAY_MS) throw badInput('to', `a range spans at most ${maxDays} days`);
  return { start, end };
}
