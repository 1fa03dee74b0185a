// The prescription aggregates on real Postgres: prescriptions (not lines) per drug, suppression, tenants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, createAnalyticsScope, type Database, type DemoTenant } from '@caregraph/platform';
import { identityOf, openTestDatabase, TEST_SEED_PATIENTS, TEST_SUBGRAPH_SETTINGS } from '@caregraph/platform/testing';
import { prescriptionCounts } from '../src/analytics';

let database: Database;
const [acme, globex] = buildDemoData(TEST_SEED_PATIENTS);
const scopeOf = (login: string) =>
  createAnalyticsScope(database, 'prescription', identityOf(login), TEST_SUBGRAPH_SETTINGS);
/** Past days of the demo period: other suites issue prescriptions only at the current time. */
const SEPTEMBER = { from: '2026-09-07', to: '2026-09-30' };
const AUTUMN = { from: '2026-09-07', to: '2026-10-31' };

const cell = (count: number) => (count < 5 ? { count: null, suppressed: true } : { count, suppressed: false });
const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);

/** Per drug code (ascending): its name, the prescriptions and the medication lines issued in the range. */
function drugsIssuedIn(tenant: DemoTenant, { from, to }: { from: string; to: string }) {
  const issued = new Set(
    tenant.prescriptions.filter((p) => dayOf(p.issuedAt) >= from && dayOf(p.issuedAt) <= to).map((p) => p.id),
  );
  const drugs = new Map<string, { drugName: string; prescriptions: Set<string>; lines: number }>();
  for (const line of tenant.medications.filter((m) => issued.has(m.prescriptionId))) {
    const drug = drugs.get(line.drugCode) ?? { drugName: line.drugName, prescriptions: new Set(), lines: 0 };
    drug.prescriptions.add(line.prescriptionId);
    drug.lines++;
    drugs.set(line.drugCode, drug);
  }
  return [...drugs].sort(([a], [b]) => (a < b ? -1 : 1));
}
const expectedCounts = (tenant: DemoTenant, range: { from: string; to: string }) =>
  drugsIssuedIn(tenant, range).map(([drugCode, { drugName, prescriptions }]) => ({
    drugCode,
    drugName,
    ...cell(prescriptions.size),
  }));

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('prescriptionCounts', () => {
  it('counts the prescriptions of each drug issued in the range, by drug code', async () => {
    const expected = expectedCounts(acme!, AUTUMN);
    expect(expected.every((row) => !row.suppressed)).toBe(true);
    expect(await prescriptionCounts(scopeOf('analyst@acme.test'), AUTUMN)).toEqual(expected);
  });

  it('counts a prescription once even when two of its lines name the same drug, suppressing under 5', async () => {
    const drugs = drugsIssuedIn(acme!, SEPTEMBER);
    // The demo data has a drug with 5+ lines but fewer than 5 prescriptions in September.
    expect(drugs.some(([, drug]) => drug.lines >= 5 && drug.prescriptions.size < 5)).toBe(true);
    const expected = expectedCounts(acme!, SEPTEMBER);
    expect(new Set(expected.map((row) => row.suppressed))).toEqual(new Set([true, false]));
    expect(await prescriptionCounts(scopeOf('analyst@acme.test'), SEPTEMBER)).toEqual(expected);
  });

  it('shows a globex analyst only globex prescriptions', async () => {
    const expected = expectedCounts(globex!, AUTUMN);
    expect(expected).not.toEqual(expectedCounts(acme!, AUTUMN));
    expect(await prescriptionCounts(scopeOf('analyst@globex.test'), AUTUMN)).toEqual(expected);
  });

  it('refuses a range that ends before it starts, or spans more than 366 days', async () => {
    const scope = scopeOf('analyst@acme.test');
    await expect(prescriptionCounts(scope, { from: '2026-09-08', to: '2026-09-07' })).rejects.toMatchObject({
      message: 'Invalid to: must not be before from',
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
    await expect(prescriptionCounts(scope, { from: '2028-01-01', to: '2029-01-01' })).rejects.toMatchObject({
      message: 'Invalid to: a range spans at most 366 days',
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
  });

  it('returns nothing for a single day without prescriptions', async () => {
    const sunday = '2026-09-13';
    expect(acme!.prescriptions.filter((p) => dayOf(p.issuedAt) === sunday)).toEqual([]);
    expect(await prescriptionCounts(scopeOf('analyst@acme.test'), { from: sunday, to: sunday })).toEqual([]);
  });
});
