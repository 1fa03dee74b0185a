// The appointment aggregates on real Postgres: exact counts from the demo data, suppression, pseudonyms, read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, createAnalyticsScope, newId, type Database, type DemoTenant } from '@caregraph/platform';
import { identityOf, openTestDatabase, TEST_SEED_PATIENTS, TEST_SUBGRAPH_SETTINGS } from '@caregraph/platform/testing';
import { appointmentVolumes, noShowRates } from '../src/analytics';
import { appointment } from '../src/db/schema';

let database: Database;
const [acme, globex] = buildDemoData(TEST_SEED_PATIENTS);
const scopeOf = (login: string) =>
  createAnalyticsScope(database, 'appointment', identityOf(login), TEST_SUBGRAPH_SETTINGS);
/** The demo period: other suites only write appointments from 2030 on. */
const DEMO = { from: '2026-09-07', to: '2027-03-05' };
const SEPTEMBER = { from: '2026-09-07', to: '2026-09-30' };

const cell = (count: number) => (count < 5 ? { count: null, suppressed: true } : { count, suppressed: false });
const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);
const startingIn = (tenant: DemoTenant, { from, to }: { from: string; to: string }) =>
  tenant.appointments.filter((a) => dayOf(a.startsAt) >= from && dayOf(a.startsAt) <= to);
function tally<T>(items: readonly T[], keyOf: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
}
const byKey = <T extends { practitionerKey: string | null }>(rows: T[]) =>
  rows.sort((a, b) => (a.practitionerKey! < b.practitionerKey! ? -1 : 1));

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('appointmentVolumes', () => {
  it('counts appointments per UTC day with both ends of the range included, suppressing days under 5', async () => {
    const range = { from: '2026-09-07', to: '2026-09-18' };
    const expected = tally(startingIn(acme!, range), (a) => dayOf(a.startsAt)).map(([day, count]) => ({
      day,
      practitionerKey: null,
      status: null,
      ...cell(count),
    }));
    expect(expected.map((row) => row.day)).toContain(range.from);
    expect(expected.map((row) => row.day)).toContain(range.to);
    expect(new Set(expected.map((row) => row.suppressed))).toEqual(new Set([true, false]));
    expect(await appointmentVolumes(scopeOf('analyst@acme.test'), { ...range, groupBy: 'DAY' })).toEqual(expected);
  });

  it('counts appointments per status in alphabetical order', async () => {
    const expected = tally(startingIn(acme!, DEMO), (a) => a.status).map(([status, count]) => ({
      day: null,
      practitionerKey: null,
      status,
      ...cell(count),
    }));
    expect(expected.map((row) => row.status)).toEqual(['BOOKED', 'CANCELLED', 'FULFILLED', 'NOSHOW']);
    expect(await appointmentVolumes(scopeOf('analyst@acme.test'), { ...DEMO, groupBy: 'STATUS' })).toEqual(expected);
  });

  it('counts appointments per practitioner under a stable pseudonym, never the practitioner id', async () => {
    const scope = scopeOf('analyst@acme.test');
    const expected = byKey(
      tally(startingIn(acme!, SEPTEMBER), (a) => a.practitionerId).map(([id, count]) => ({
        day: null,
        practitionerKey: scope.pseudonym(id),
        status: null,
        ...cell(count),
      })),
    );
    const volumes = await appointmentVolumes(scope, { ...SEPTEMBER, groupBy: 'PRACTITIONER' });
    expect(volumes).toEqual(expected);
    expect(new Set(expected.map((row) => row.suppressed))).toEqual(new Set([true, false]));
    const keys = volumes.map((row) => row.practitionerKey!);
    expect(keys.every((key) => /^[\w-]{16}$/.test(key))).toBe(true);
    expect(acme!.practitioners.filter((p) => keys.includes(p.id))).toEqual([]);
    const again = await appointmentVolumes(scopeOf('analyst@acme.test'), { ...SEPTEMBER, groupBy: 'PRACTITIONER' });
    expect(again.map((row) => row.practitionerKey)).toEqual(volumes.map((row) => row.practitionerKey));
  });

  it('shows a globex analyst only globex appointments', async () => {
    const expectedOf = (tenant: DemoTenant) =>
      tally(startingIn(tenant, DEMO), (a) => a.status).map(([status, count]) => ({ status, ...cell(count) }));
    expect(expectedOf(globex!)).not.toEqual(expectedOf(acme!));
    const volumes = await appointmentVolumes(scopeOf('analyst@globex.test'), { ...DEMO, groupBy: 'STATUS' });
    expect(volumes.map(({ status, count, suppressed }) => ({ status, count, suppressed }))).toEqual(
      expectedOf(globex!),
    );
  });

  it('refuses a range that ends before it starts, or spans more than 366 days', async () => {
    const scope = scopeOf('analyst@acme.test');
    await expect(
      appointmentVolumes(scope, { from: '2026-10-02', to: '2026-10-01', groupBy: 'DAY' }),
    ).rejects.toMatchObject({
      message: 'Invalid to: must not be before from',
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
    await expect(noShowRates(scope, { from: '2026-01-01', to: '2027-01-02' })).rejects.toMatchObject({
      message: 'Invalid to: a range spans at most 366 days',
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
    await expect(noShowRates(scope, { from: '2026-01-01', to: '2027-01-01' })).resolves.toBeInstanceOf(Array);
  });
});

describe('noShowRates', () => {
  it('gives due, no-shows and rate per practitioner, all null when fewer than 5 were due', async () => {
    const scope = scopeOf('analyst@acme.test');
    const due = startingIn(acme!, SEPTEMBER).filter((a) => a.status === 'FULFILLED' || a.status === 'NOSHOW');
    const noShows = new Map(
      tally(
        due.filter((a) => a.status === 'NOSHOW'),
        (a) => a.practitionerId,
      ),
    );
    const expected = byKey(
      tally(due, (a) => a.practitionerId).map(([id, count]) => {
        const practitionerKey = scope.pseudonym(id);
        const missed = noShows.get(id) ?? 0;
        return count < 5
          ? { practitionerKey, due: null, noShows: null, rate: null, suppressed: true }
          : { practitionerKey, due: count, noShows: missed, rate: missed / count, suppressed: false };
      }),
    );
    expect(new Set(expected.map((row) => row.suppressed))).toEqual(new Set([true, false]));
    expect(expected.some((row) => row.noShows! > 0)).toBe(true);
    expect(await noShowRates(scope, SEPTEMBER)).toEqual(expected);
  });
});

describe('the analytics runner', () => {
  it('refuses a write: the transaction is read-only (25006)', async () => {
    const [demo] = acme!.appointments;
    const write = scopeOf('analyst@acme.test').run((tx) =>
      tx.insert(appointment).values({
        tenantId: 'acme',
        id: newId(),
        patientId: demo!.patientId,
        practitionerId: demo!.practitionerId,
        startsAt: new Date('2034-01-02T09:00:00Z'),
        endsAt: new Date('2034-01-02T09:30:00Z'),
        status: 'BOOKED',
        bookedBy: 'analytics-test',
      }),
    );
    // drizzle wraps the driver's error; Postgres reports read_only_sql_transaction.
    await expect(write).rejects.toMatchObject({ cause: { code: '25006' } });
  });
});
