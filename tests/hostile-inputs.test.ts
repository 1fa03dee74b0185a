// Hostile values through the gateway: a client error naming the argument or variable, never a 500, nothing written.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { buildDemoData } from '@caregraph/platform';
import { TEST_SEED_PATIENTS, tokenFor } from '@caregraph/platform/testing';
import { MARK, Raw, hostileFor, type Hostile } from './support/hostile-values';
import { createOwnDatabase, type OwnDatabase } from './support/own-database';
import { startTestPlatform } from './support/platform';
import {
  bodyOf,
  demoValues,
  loadApiSchema,
  operationFor,
  rootArgumentTargets,
  variablePath,
  variablesFor,
  type Target,
} from './support/root-arguments';

const SEED = 20261202;
/** Runs per argument position (85 positions): every category meets most positions; about 5 s here. */
const RUNS = 20;
const STACK_TRACE = /\n\s+at |\bat [\w$.<>]+ \(/;
const SQL = /select |insert |update |\bfrom "|postgres/i;

const [acme, globex] = buildDemoData(TEST_SEED_PATIENTS);
const { valid } = demoValues(acme!);
const foreignIds = [globex!.patients[0]!.id, globex!.practitioners[0]!.id, globex!.prescriptions[0]!.id];
const targets = rootArgumentTargets(
  loadApiSchema('schema/supergraph.graphql'),
  loadApiSchema('schema/analytics-supergraph.graphql'),
);

let own: OwnDatabase;
let platform: RunningPlatform;
beforeAll(async () => {
  own = await createOwnDatabase('hostile');
  platform = await startTestPlatform(own.database);
});
afterAll(async () => {
  await platform?.stop();
  await own?.drop();
});

interface Sent {
  status: number;
  text: string;
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  data: Record<string, unknown> | null | undefined;
  estimated: number | undefined;
  fetches: number;
}

const tokens = new Map<string, string>();
async function tokenOf(login: string): Promise<string> {
  if (!tokens.has(login)) tokens.set(login, await tokenFor(`${login}@acme.test`));
  return tokens.get(login)!;
}

async function post(
  login: string,
  query: string,
  variables: Record<string, unknown> = {},
  door: Target['door'] = 'main',
): Promise<Sent> {
  const url = door === 'main' ? platform.gatewayUrl : platform.gatewayUrl.replace('/graphql', '/analytics/graphql');
  const before = platform.stats.subgraphFetches;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(login)}` },
    body: bodyOf(query, variables),
  });
  const text = await response.text();
  const body = JSON.parse(text) as {
    data?: Sent['data'];
    errors?: Sent['errors'];
    extensions?: { cost?: { estimated: number } };
  };
  return {
    status: response.status,
    text,
    errors: body.errors ?? [],
    data: body.data,
    estimated: body.extensions?.cost?.estimated,
    fetches: platform.stats.subgraphFetches - before,
  };
}

const refusal = (sent: Sent) => ({
  status: sent.status,
  errors: sent.errors.map((error) => [error.extensions?.code, error.extensions?.field]),
  fetches: sent.fetches,
});

/** What no response may do, whatever was sent: fail as a server, leak internals, echo the value, go negative. */
function expectSafe(sent: Sent, value: unknown) {
  expect(sent.status).toBeLessThan(500);
  expect(sent.errors.map((error) => error.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
  expect(sent.text).not.toMatch(STACK_TRACE);
  expect(sent.text).not.toMatch(SQL);
  expect(sent.text).not.toContain(MARK);
  if (typeof value === 'string' && value.length >= 6)
    expect(sent.text).not.toContain(JSON.stringify(value).slice(1, -1));
  if (sent.estimated !== undefined) expect(sent.estimated).toBeGreaterThanOrEqual(0);
}

function expectOutcome(target: Target, hostile: Hostile, sent: Sent) {
  expectSafe(sent, hostile.value);
  if (hostile.refusal === 'gateway' || hostile.refusal === 'gateway-variable') {
    const field = hostile.refusal === 'gateway' ? variablePath(target.path) : variablePath(target.path.slice(0, 1));
    expect(refusal(sent)).toEqual({ status: 400, errors: [['BAD_USER_INPUT', field]], fetches: 0 });
  } else if (hostile.refusal === 'body') {
    expect(refusal(sent)).toEqual({ status: 413, errors: [['BAD_REQUEST', undefined]], fetches: 0 });
  } else if (target.operation === 'mutation') {
    expect(sent.errors.length).toBeGreaterThan(0);
    expect(sent.data ?? null).toBeNull();
  }
}

/** Every table the subgraphs write; the audit ledger grows by design. */
const snapshot = () => own.snapshot(['patient', 'appointment', 'prescription']);

const patientId = acme!.patients[0]!.id;
const practitionerId = acme!.practitioners[0]!.id;
const SEARCH = 'query($search: String) { patients(search: $search) { nodes { id } } }';
const REGISTER = `mutation($input: RegisterPatientInput!) { registerPatient(input: $input) { id } }`;
const person = (change: Record<string, unknown>) => ({
  input: { given: 'Ada', family: 'Lovelace', birthDate: '1990-02-01', sex: 'UNKNOWN', ...change },
});
const deepList = new Raw(`${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`);
const deepObject = new Raw(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

describe('hostile values the gateway refuses itself: 400, BAD_USER_INPUT naming the variable, no fetch', () => {
  it.each([
    ['a NUL byte in a variable', SEARCH, { search: 'Jane\u0000Doe' }, '$search'],
    ['a NUL byte inside an input variable', REGISTER, person({ given: 'Ada\u0000' }), '$input.given'],
    [
      'a lone surrogate (Postgres would store U+FFFD instead)',
      REGISTER,
      person({ family: 'Love\uD800lace' }),
      '$input.family',
    ],
    ['a 25,000-character search', SEARCH, { search: 'a'.repeat(25_000) }, '$search'],
    [
      'a 10,000-deep nested list',
      'mutation($p: ID!, $ids: [ID!]!) { assignCareTeam(patientId: $p, practitionerIds: $ids) { id } }',
      { p: patientId, ids: deepList },
      '$ids',
    ],
    ['a 10,000-deep nested object', 'query($id: ID!) { patient(id: $id) { id } }', { id: deepObject }, '$id'],
    ['an impossible date (1990-02-31)', REGISTER, person({ birthDate: '1990-02-31' }), '$input.birthDate'],
    [
      'a date in year 0, which Postgres does not have',
      REGISTER,
      person({ birthDate: '0000-06-01' }),
      '$input.birthDate',
    ],
    [
      'an impossible date-time (2026-02-30T10:00:00Z)',
      'query($from: DateTime) { appointments(from: $from) { nodes { id } } }',
      { from: '2026-02-30T10:00:00Z' },
      '$from',
    ],
    [
      'a list where one date goes',
      `query($p: ID!, $date: Date!) { availability(practitionerId: $p, date: $date) { startsAt } }`,
      { p: practitionerId, date: ['2031-01-06'] },
      '$date',
    ],
    [
      'a date-time past year 9999 in UTC',
      'query($to: DateTime) { appointments(to: $to) { nodes { id } } }',
      { to: '9999-12-31T23:00:00-05:00' },
      '$to',
    ],
    [
      'a page size past 32 bits (2^53 + 1)',
      'query($first: Int) { patients(first: $first) { nodes { id } } }',
      { first: new Raw('9007199254740993') },
      '$first',
    ],
    ['an enum value that does not exist', REGISTER, person({ sex: 'Hq9Zk' }), '$input.sex'],
  ])('%s', async (_name, query, variables, field) => {
    const sent = await post('admin', query, variables);
    expect(refusal(sent)).toEqual({ status: 400, errors: [['BAD_USER_INPUT', field]], fetches: 0 });
    expectSafe(sent, undefined);
  });

  it.each([
    ['a NUL byte in a string literal', '{ patients(search: "Jane\\u0000Doe") { nodes { id } } }', 'search'],
    [
      'a NUL byte in the default value of a variable',
      'query($search: String = "Jane\\u0000Doe") { patients(search: $search) { nodes { id } } }',
      '$search',
    ],
    [
      'an impossible date literal',
      `{ availability(practitionerId: "${practitionerId}", date: "1990-02-31") { startsAt } }`,
      'date',
    ],
    [
      'an impossible date literal inside an input object',
      'mutation { registerPatient(input: { given: "A", family: "B", birthDate: "1990-02-31", sex: UNKNOWN }) { id } }',
      'input.birthDate',
    ],
  ])('%s names the argument', async (_name, query, field) => {
    const sent = await post('admin', query);
    expect(refusal(sent)).toEqual({ status: 400, errors: [['BAD_USER_INPUT', field]], fetches: 0 });
  });
});

describe('hostile values a subgraph refuses: BAD_USER_INPUT naming the argument, nothing written', () => {
  it.each([
    [
      'a cursor carrying a NUL byte',
      cursor(['A\u0000', patientId]),
      'query($after: String) { patients(after: $after) { nodes { id } } }',
    ],
    [
      'an instant cursor with an impossible date',
      cursor(['1990-02-31T00:00:00.000Z', patientId]),
      'query($after: String) { appointments(after: $after) { nodes { id } } }',
    ],
    [
      'an instant cursor past year 9999',
      cursor(['+010000-01-01T00:00:00.000Z', patientId]),
      'query($after: String) { appointments(after: $after) { nodes { id } } }',
    ],
  ])('%s', async (_name, after, query) => {
    const sent = await post('admin', query, { after });
    expect(refusal(sent)).toEqual({ status: 200, errors: [['BAD_USER_INPUT', 'after']], fetches: 1 });
  });

  it('a right-to-left override in a name, registering no one', async () => {
    const before = await snapshot();
    const sent = await post('admin', REGISTER, person({ given: '\u202Eeno' }));
    expect(refusal(sent)).toEqual({ status: 200, errors: [['BAD_USER_INPUT', 'input.given']], fetches: 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('a negative page size is refused without a negative cost (which would refill the budget)', async () => {
    const sent = await post('admin', 'query($first: Int) { patients(first: $first) { nodes { id } } }', {
      first: -(2 ** 31),
    });
    expect(refusal(sent)).toEqual({ status: 200, errors: [['BAD_USER_INPUT', 'first']], fetches: 1 });
    expect(sent.estimated).toBe(11);
  });
});

describe('every argument of every root Query and Mutation field', () => {
  it('reaches every root field with arguments, each as a login that may use it', () => {
    const logins = Object.fromEntries(targets.map((t) => [t.field.name, `${t.door}:${t.login}`]));
    expect(logins).toEqual({
      appointmentVolumes: 'analytics:analyst',
      noShowRates: 'analytics:analyst',
      patientCounts: 'analytics:analyst',
      prescriptionCounts: 'analytics:analyst',
      appointment: 'main:admin',
      appointments: 'main:admin',
      availability: 'main:admin',
      accessEvents: 'main:admin',
      patient: 'main:admin',
      patients: 'main:admin',
      practitioner: 'main:admin',
      practitioners: 'main:admin',
      prescription: 'main:doctor',
      bookAppointment: 'main:admin',
      cancelAppointment: 'main:admin',
      updateAppointmentStatus: 'main:admin',
      recordClinicalNote: 'main:doctor',
      registerPatient: 'main:admin',
      updatePatientContact: 'main:admin',
      recordAllergy: 'main:doctor',
      assignCareTeam: 'main:admin',
      issuePrescription: 'main:doctor',
      revokePrescription: 'main:doctor',
    });
    expect(targets).toHaveLength(85);
  });

  it('answers hostile values with a client error (never 5xx), without echo, writing nothing', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    for (const [index, target] of targets.entries()) {
      const query = operationFor(target);
      const details = await fc.check(
        fc.asyncProperty(hostileFor(target.kind, target.required, foreignIds), async (hostile) => {
          const sent = await post(target.login, query, variablesFor(target, valid, hostile.value), target.door);
          expectOutcome(target, hostile, sent);
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
      if (details.failed) {
        const [hostile] = details.counterexample ?? [];
        const value = hostile?.value instanceof Raw ? hostile.value.json : JSON.stringify(hostile?.value);
        const message = String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance);
        failures.push(`${target.name} ← ${hostile?.label} ${String(value).slice(0, 60)}: ${message.slice(0, 400)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 180_000);
});
