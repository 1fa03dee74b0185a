// The analytics graph: analysts only, a contract without mutations or identifying fields, small cells suppressed.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { buildDemoData } from '@caregraph/platform';
import { TEST_SEED_PATIENTS, postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { usePlatforms } from './support/platform';
import { codes } from './support/probes';

const platforms = usePlatforms();
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
let platform: RunningPlatform;
let analyticsUrl: string;
let analyst: string;

beforeAll(async () => {
  platform = await platforms.start({});
  analyticsUrl = platform.gatewayUrl.replace('/graphql', '/analytics/graphql');
  analyst = await tokenFor('analyst@acme.test');
});

const IDENTIFYING = [
  'Patient',
  'Practitioner',
  'HumanName',
  'mrn',
  'birthDate',
  'phone',
  'email',
  'insuranceNumber',
  'clinicalNote',
  'subjective',
];

describe('/analytics/graphql', () => {
  it('introspects to a contract with no Mutation and none of the identifying types or fields', async () => {
    const response = await postGraphQL(analyticsUrl, {
      query: '{ __schema { mutationType { name } types { name fields { name } } } }',
      token: analyst,
    });
    expect(response.body.data?.__schema.mutationType).toBeNull();
    const names = (
      response.body.data?.__schema.types as Array<{ name: string; fields: Array<{ name: string }> | null }>
    ).flatMap((type) => [type.name, ...(type.fields ?? []).map((field) => field.name)]);
    expect(names.filter((name) => IDENTIFYING.includes(name))).toEqual([]);
    expect(names).toContain('noShowRates');
  });

  it('fails validation for patient { name }, as if the field did not exist', async () => {
    const before = platform.stats.subgraphFetches;
    const response = await postGraphQL(analyticsUrl, {
      query: '{ patient(id: "x") { name { family } } }',
      token: analyst,
    });
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.body.errors?.[0]?.message).toBe('Cannot query field "patient" on type "Query".');
    expect(platform.stats.subgraphFetches).toBe(before);
  });

  it('fails a mutation', async () => {
    const response = await postGraphQL(analyticsUrl, {
      query:
        'mutation { registerPatient(input: { given: "A", family: "B", birthDate: "2000-01-01", sex: UNKNOWN }) { id } }',
      token: analyst,
    });
    expect(codes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('refuses a non-analyst token (403)', async () => {
    const response = await postGraphQL(analyticsUrl, {
      query: '{ patientCounts(groupBy: SEX) { count } }',
      token: await tokenFor('admin@acme.test'),
    });
    expect([response.status, codes(response)]).toEqual([403, ['FORBIDDEN']]);
  });

  it('answers "how many no-shows per practitioner" without naming anyone, and reports the cost', async () => {
    const response = await postGraphQL(analyticsUrl, {
      query: '{ noShowRates(from: "2026-09-07", to: "2026-11-30") { practitionerKey due noShows rate suppressed } }',
      token: analyst,
    });
    expect(codes(response)).toEqual([]);
    const rates = response.body.data?.noShowRates as Array<{
      practitionerKey: string;
      due: number | null;
      suppressed: boolean;
    }>;
    expect(rates.length).toBeGreaterThan(0);
    for (const practitioner of acme!.practitioners) expect(response.text).not.toContain(practitioner.id);
    expect(response.body.extensions?.cost).toMatchObject({ estimated: 50 });
  });

  it('suppresses a cell smaller than the threshold', async () => {
    const response = await postGraphQL(analyticsUrl, {
      query: '{ appointmentVolumes(from: "2026-09-07", to: "2027-03-05", groupBy: DAY) { day count suppressed } }',
      token: analyst,
    });
    const days = response.body.data?.appointmentVolumes as Array<{
      day: string;
      count: number | null;
      suppressed: boolean;
    }>;
    const small = days.filter((day) => day.suppressed);
    expect(small.length).toBeGreaterThan(0);
    expect(small.every((day) => day.count === null)).toBe(true);
    expect(days.filter((day) => !day.suppressed).every((day) => (day.count ?? 0) >= 5)).toBe(true);
  });
});

describe('/graphql', () => {
  it('refuses an analyst token (403)', async () => {
    const response = await postGraphQL(platform.gatewayUrl, { query: '{ me { userId } }', token: analyst });
    expect([response.status, codes(response)]).toEqual([403, ['FORBIDDEN']]);
  });
});
