// Bad input through the gateway: BAD_USER_INPUT naming the field, and nothing half-written.
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '@caregraph/platform';
import { postGraphQL, tokenFor, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { useTestPlatform } from './support/platform';

const harness = useTestPlatform();
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
const patientId = acme!.patients[0]!.id;
/** A patient of doctor@ (practitioner #1) with prescriptions on record. */
const treatedWithPrescriptions = acme!.prescriptions.find((p) =>
  acme!.careTeam.some((m) => m.patientId === p.patientId && m.practitionerId === acme!.practitioners[0]!.id),
)!.patientId;
const practitionerId = acme!.practitioners[0]!.id;

async function send(login: string, query: string, variables?: Record<string, unknown>) {
  return postGraphQL(harness.platform.gatewayUrl, { query, variables, token: await tokenFor(login) });
}

function firstError(response: Awaited<ReturnType<typeof send>>) {
  const error = response.body.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field };
}

const BOOK = `mutation Book($input: BookAppointmentInput!) { bookAppointment(input: $input) { id status } }`;
const SCHEDULE = `query Schedule($id: ID!, $from: DateTime!, $to: DateTime!) {
  practitioner(id: $id) { schedule(from: $from, to: $to) { id startsAt } } }`;

describe('bad input is refused with BAD_USER_INPUT naming the field', () => {
  it.each([
    ['first below 1', '{ patients(first: 0) { nodes { id } } }', 'first', null],
    ['first above 100', '{ patients(first: 101) { nodes { id } } }', 'first', null],
    ['a malformed cursor', '{ patients(first: 1, after: "bm90LWEtY3Vyc29y") { nodes { id } } }', 'after', null],
    ['a malformed id', '{ patient(id: "42") { id } }', 'id', { patient: null }],
  ])('%s', async (_name, query, field, data) => {
    const response = await send('admin@acme.test', query);
    expect(firstError(response)).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(response.body.data ?? null).toEqual(data);
  });

  it('endsAt not after startsAt', async () => {
    const response = await send('reception@acme.test', BOOK, {
      input: { patientId, practitionerId, startsAt: '2031-01-06T10:00:00Z', endsAt: '2031-01-06T10:00:00Z' },
    });
    expect(firstError(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.endsAt' });
  });

  it('an unknown patient', async () => {
    const response = await send('reception@acme.test', BOOK, {
      input: {
        patientId: '00000000-0000-4000-8000-000000000000',
        practitionerId,
        startsAt: '2031-01-06T11:00:00Z',
        endsAt: '2031-01-06T11:30:00Z',
      },
    });
    expect(firstError(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.patientId' });
  });

  it('a booking that overlaps the practitioner existing booking, leaving only the first', async () => {
    const first = await send('reception@acme.test', BOOK, {
      input: { patientId, practitionerId, startsAt: '2031-01-07T10:00:00Z', endsAt: '2031-01-07T10:30:00Z' },
    });
    expect(first.body.data?.bookAppointment.status).toBe('BOOKED');
    const overlapping = await send('reception@acme.test', BOOK, {
      input: { patientId, practitionerId, startsAt: '2031-01-07T10:15:00Z', endsAt: '2031-01-07T10:45:00Z' },
    });
    expect(firstError(overlapping)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.startsAt' });
    const schedule = await send('admin@acme.test', SCHEDULE, {
      id: practitionerId,
      from: '2031-01-07T00:00:00Z',
      to: '2031-01-08T00:00:00Z',
    });
    expect(schedule.body.data?.practitioner.schedule).toEqual([
      { id: first.body.data?.bookAppointment.id, startsAt: '2031-01-07T10:00:00.000Z' },
    ]);
  });

  it('a prescription without medications, writing nothing', async () => {
    const ISSUE = `mutation Issue($input: IssuePrescriptionInput!) { issuePrescription(input: $input) { id } }`;
    const COUNT = `query($id: ID!) { patient(id: $id) { prescriptions(first: 100) { nodes { id } } } }`;
    const before = await send('doctor@acme.test', COUNT, { id: treatedWithPrescriptions });
    const response = await send('doctor@acme.test', ISSUE, {
      input: {
        patientId: treatedWithPrescriptions,
        diagnosis: { code: 'I10', display: 'Essential hypertension' },
        medications: [],
      },
    });
    expect(firstError(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.medications' });
    const after = await send('doctor@acme.test', COUNT, { id: treatedWithPrescriptions });
    expect(after.body.data).toEqual(before.body.data);
    expect(before.body.data?.patient.prescriptions.nodes.length).toBeGreaterThan(0);
  });

  it('a care team with an unknown practitioner, keeping the current team', async () => {
    const ASSIGN = `mutation($p: ID!, $ids: [ID!]!) { assignCareTeam(patientId: $p, practitionerIds: $ids) { id } }`;
    const TEAM = `query($id: ID!) { patient(id: $id) { careTeam { id } } }`;
    const before = await send('admin@acme.test', TEAM, { id: patientId });
    const response = await send('admin@acme.test', ASSIGN, {
      p: patientId,
      ids: [practitionerId, '00000000-0000-4000-8000-000000000000'],
    });
    expect(firstError(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'practitionerIds' });
    const after = await send('admin@acme.test', TEAM, { id: patientId });
    expect(after.body.data).toEqual(before.body.data);
    expect((before.body.data?.patient.careTeam as unknown[]).length).toBeGreaterThan(0);
  });

  it('a variable of the wrong shape, without echoing its value', async () => {
    const response = await send('admin@acme.test', 'query($id: ID!) { patient(id: $id) { id } }', {
      id: { secret: 'Jane Doe 1970-01-01' },
    });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.text).not.toContain('Jane Doe');
  });
});

describe('mutations on records of another tenant', () => {
  it('NOT_FOUND for a globex patient, as for an unknown one', async () => {
    const [, globex] = buildDemoData(TEST_SEED_PATIENTS);
    const UPDATE = `mutation($id: ID!) { updatePatientContact(patientId: $id, input: { phone: "+1 555 0100" }) { id } }`;
    const foreign = await send('admin@acme.test', UPDATE, { id: globex!.patients[0]!.id });
    const unknown = await send('admin@acme.test', UPDATE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['Patient not found', 'NOT_FOUND'],
    ]);
    expect(unknown.body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['Patient not found', 'NOT_FOUND'],
    ]);
  });
});
