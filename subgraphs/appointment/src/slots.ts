// Clinic hours arithmetic for availability: 30-minute slots, 09:00–17:00 UTC, weekdays only.
const SLOT_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;
const OPENS_HOUR = 9;
const CLOSES_HOUR = 17;

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/** Clinic hours (09:00–17:00 UTC) on a calendar day given as YYYY-MM-DD. */
export function clinicHours(date: string): Interval {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  return { startsAt: new Date(midnight + OPENS_HOUR * HOUR_MS), endsAt: new Date(midnight + CLOSES_HOUR * HOUR_MS) };
}

/** The slots of `hours` overlapping none of the `busy` intervals, in time order; none at weekends. */
export function freeSlots(hours: Interval, busy: readonly Interval[]): Interval[] {
  const weekday = hours.startsAt.getUTCDay();
  if (weekday === 0 || weekday === 6) return [];
  const slots: Interval[] = [];
  for (let start = hours.startsAt.getTime(); start + SLOT_MS <= hours.endsAt.getTime(); start += SLOT_MS) {
    const end = start + SLOT_MS;
    if (busy.some((b) => b.startsAt.getTime() < end && b.endsAt.getTime() > start)) continue;
    slots.push({ startsAt: new Date(start), endsAt: new Date(end) });
  }
  return slots;
}
