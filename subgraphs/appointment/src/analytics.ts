// The appointment subgraph's de-identified aggregates: volumes per day, practitioner or status, and no-show rates.
import { and, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { parseDayRange, type AnalyticsScope } from '@caregraph/platform';
import type {
  AppointmentVolume,
  NoShowRate,
  QueryAppointmentVolumesArgs,
  QueryNoShowRatesArgs,
  VolumeGrouping,
} from './__generated__/resolvers-types';
import { AppointmentStatus, appointment } from './db/schema';

/** The UTC day of the start, YYYY-MM-DD; no bind parameters, so GROUP BY matches the select list. */
const startDay = sql<string>`to_char(${appointment.startsAt} at time zone 'UTC', 'YYYY-MM-DD')`;

const VOLUME_KEYS = {
  DAY: startDay,
  PRACTITIONER: appointment.practitionerId,
  STATUS: appointment.status,
} as const;

/** Appointments of the caller's tenant starting on the UTC days `from`..`to`. */
function startingWithin(analytics: AnalyticsScope, from: string, to: string) {
  const { start, end } = parseDayRange(from, to);
  return and(
    eq(appointment.tenantId, analytics.tenantId),
    gte(appointment.startsAt, start),
    lt(appointment.startsAt, end),
  );
}

const byPractitionerKey = (a: { practitionerKey: string | null }, b: { practitionerKey: string | null }) =>
  a.practitionerKey! < b.practitionerKey! ? -1 : a.practitionerKey! > b.practitionerKey! ? 1 : 0;

function volumeGroup(analytics: AnalyticsScope, groupBy: VolumeGrouping, key: string) {
  return {
    day: groupBy === 'DAY' ? key : null,
    practitionerKey: groupBy === 'PRACTITIONER' ? analytics.pseudonym(key) : null,
    status: groupBy === 'STATUS' ? (key as AppointmentStatus) : null,
  };
}

/** Appointment counts per day (ascending), practitioner (by pseudonymous key) or status (alphabetical). */
export async function appointmentVolumes(
  analytics: AnalyticsScope,
  { from, to, groupBy }: QueryAppointmentVolumesArgs,
): Promise<AppointmentVolume[]> {
  const where = startingWithin(analytics, from, to);
  const key = VOLUME_KEYS[groupBy];
  const rows = await analytics.run((tx) =>
    tx.select({ key, count: count() }).from(appointment).where(where).groupBy(key).orderBy(key),
  );
  const volumes = rows.map((row) => ({ ...volumeGroup(analytics, groupBy, row.key), ...analytics.cell(row.count) }));
  return groupBy === 'PRACTITIONER' ? volumes.sort(byPractitionerKey) : volumes;
}

/** Per practitioner (by pseudonymous key), the share of due appointments (FULFILLED or NOSHOW) that were no-shows. */
export async function noShowRates(
  analytics: AnalyticsScope,
  { from, to }: QueryNoShowRatesArgs,
): Promise<NoShowRate[]> {
  const where = and(
    startingWithin(analytics, from, to),
    inArray(appointment.status, [AppointmentStatus.Fulfilled, AppointmentStatus.NoShow]),
  );
  const rows = await analytics.run((tx) =>
    tx
      .select({
        practitionerId: appointment.practitionerId,
        due: count(),
        noShows: count(sql`case when ${appointment.status} = ${AppointmentStatus.NoShow} then 1 end`),
      })
      .from(appointment)
      .where(where)
      .groupBy(appointment.practitionerId),
  );
  return rows
    .map(({ practitionerId, due, noShows }) => {
      const practitionerKey = analytics.pseudonym(practitionerId);
      return analytics.cell(due).suppressed
        ? { practitionerKey, due: null, noShows: null, rate: null, suppressed: true }
        : { practitionerKey, due, noShows, rate: noShows / due, suppressed: false };
    })
    .sort(byPractitionerKey);
}
