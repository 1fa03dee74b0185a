// The patient aggregates on real Postgres: patients per age band and sex from the demo data, suppression, tenants.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, createAnalyticsScope, rowsOf, type Database, type DemoTenant } from '@caregraph/platform';
import { identityOf, openTestDatabase, TEST_SEED_PATIENTS, TEST_SUBGRAPH_SETTINGS } from '@caregraph/platform/testing';
import type { PatientCount, PatientGrouping } from '../src/__generated__/resolvers-types';
import { patientCounts } from '../src/analytics';

let database: Database;
/** The database's `current_date`, which ages are computed at. */
let today: string;
const [acme, globex] = buildDemoData(TEST_SEED_PATIENTS);
const scopeOf = (login: string) => createAnalyticsScope(database, 'patient', identityOf(login), TEST_SUBGRAPH_SETTINGS);

const cell = (count: number) => (count < 5 ? { count: null, suppressed: true } : { count, suppressed: false });

function ageBandOf(birthDate: string): string {
  const age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (today.slice(5) < birthDate.slice(5) ? 1 : 0);
  return age < 18 ? '0-17' : age < 40 ? '18-39' : age < 65 ? '40-64' : '65+';
}

function expectedCounts(tenant: DemoTenant, groupBy: PatientGrouping): PatientCount[] {
  const counts = new Map<string, PatientCount & { count: number }>();
  for (const { birthDate, sex } of tenant.patients) {
    const group = {
      ageBand: groupBy === 'SEX' ? null : ageBandOf(birthDate),
      sex: groupBy === 'AGE_BAND' ? null : sex,
    };
    const key = `${group.ageBand}/${group.sex}`;
    const row = counts.get(key) ?? { ...group, count: 0, suppressed: false };
    row.count++;
    counts.set(key, row);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, { ageBand, sex, count }]) => ({ ageBand, sex, ...cell(count) }));
}

/**
 * Other suites register patients born 1990-01-01 or 2000-01-01 (18-39) as FEMALE or UNKNOWN:
 * only groups that can hold them may grow.
 */
const mayGrow = ({ ageBand, sex }: PatientCount) =>
  (ageBand === null || ageBand === '18-39') && (sex === null || sex === 'FEMALE' || sex === 'UNKNOWN');

/** Exact for groups no other suite adds to, at least the demo count for the others. */
function expectCounts(actual: PatientCount[], expected: PatientCount[]) {
  const fixed = (rows: PatientCount[]) => rows.filter((row) => !mayGrow(row));
  expect(fixed(actual)).toEqual(fixed(expected));
  for (const want of expected.filter(mayGrow)) {
    const got = actual.find((row) => row.ageBand === want.ageBand && row.sex === want.sex);
    expect(got, `${want.ageBand}/${want.sex}`).toBeDefined();
    if (!want.suppressed) expect(got!.count).toBeGreaterThanOrEqual(want.count!);
  }
}

beforeAll(async () => {
  database = await openTestDatabase();
  const [row] = await scopeOf('analyst@acme.test').run(async (tx) =>
    rowsOf<{ today: string }>(await tx.execute(sql`select current_date::text as today`)),
  );
  today = row!.today;
});
afterAll(async () => {
  await database?.close();
});

describe('patientCounts', () => {
  it('counts patients per sex, with no age band', async () => {
    const actual = await patientCounts(scopeOf('analyst@acme.test'), { groupBy: 'SEX' });
    expect(actual.map((row) => [row.ageBand, row.sex])).toEqual([
      [null, 'FEMALE'],
      [null, 'MALE'],
      [null, 'OTHER'],
      [null, 'UNKNOWN'],
    ]);
    expectCounts(actual, expectedCounts(acme!, 'SEX'));
  });

  it('counts patients per age band in whole years at the current date, with no sex', async () => {
    const actual = await patientCounts(scopeOf('analyst@acme.test'), { groupBy: 'AGE_BAND' });
    expect(actual.map((row) => [row.ageBand, row.sex])).toEqual([
      ['0-17', null],
      ['18-39', null],
      ['40-64', null],
      ['65+', null],
    ]);
    expectCounts(actual, expectedCounts(acme!, 'AGE_BAND'));
  });

  it('counts patients per age band and sex, suppressing groups under 5', async () => {
    const expected = expectedCounts(acme!, 'AGE_BAND_AND_SEX');
    expect(expected.filter((row) => !mayGrow(row)).map((row) => row.suppressed)).toContain(true);
    expect(expected.filter((row) => !mayGrow(row)).map((row) => row.suppressed)).toContain(false);
    expectCounts(await patientCounts(scopeOf('analyst@acme.test'), { groupBy: 'AGE_BAND_AND_SEX' }), expected);
  });

  it('shows a globex analyst only globex patients', async () => {
    const expected = expectedCounts(globex!, 'AGE_BAND_AND_SEX');
    expect(expected).not.toEqual(expectedCounts(acme!, 'AGE_BAND_AND_SEX'));
    expectCounts(await patientCounts(scopeOf('analyst@globex.test'), { groupBy: 'AGE_BAND_AND_SEX' }), expected);
  });
});
