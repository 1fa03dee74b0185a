// Every patient record a request reads or changes reaches the ledger exactly once — on Redis and in process.
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { buildDemoData, rowsOf } from '@caregraph/platform';
import { TEST_SEED_PATIENTS, postGraphQL, tokenFor, freePort } from '@caregraph/platform/testing';
import { waitForLedger } from './support/ledger';
import { usePlatforms } from './support/platform';
import { codes } from './support/probes';
import { REDIS_URL, freshRedisPrefix, removeKeysUnder } from './support/redis-keys';

const platforms = usePlatforms();
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
const doctorId = acme!.practitioners[0]!.id;

const QUERY = `query ChartList {
  patients(first: 3) { nodes { id mrn name { family } appointments(first: 2) { nodes { id status prescriptions { id status } } } } }
}`;

/** The events the query must leave, computed from the deterministic demo data. */
function expectedEvents() {
  const treated = new Set(acme!.careTeam.filter((m) => m.practitionerId === doctorId).map((m) => m.patientId));
  const patients = acme!.patients
    .filter((p) => treated.has(p.id))
    .sort((a, b) => a.mrn.localeCompare(b.mrn))
    .slice(0, 3);
  const events: Array<[string, string, string[]]> = [];
  for (const patient of patients) {
    events.push(['Patient', patient.id, ['id', 'mrn', 'name']]);
    const appointments = acme!.appointments
      .filter((a) => a.patientId === patient.id)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, 2);
    for (const appointment of appointments) {
      events.push(['Appointment', appointment.id, ['id', 'status']]);
      for (const prescription of acme!.prescriptions.filter((p) => p.appointmentId === appointment.id)) {
        events.push(['Prescription', prescription.id, ['id', 'status']]);
      }
    }
  }
  return events.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

describe.each<[string, NodeJS.ProcessEnv]>([
  ['in process (embedded queue)', {}],
  // A stream of its own: entries another run left undelivered on the shared Redis are not its to drain.
  ['on Redis (stream and consumer group)', { REDIS_URL, REDIS_PREFIX: freshRedisPrefix('recording') }],
])('access recording %s', (_name, env) => {
  let platform: RunningPlatform;
  beforeAll(async () => {
    platform = await platforms.start(env);
  });
  afterAll(async () => {
    if (!env.REDIS_PREFIX) return;
    const redis = new Redis(REDIS_URL);
    await removeKeysUnder(redis, env.REDIS_PREFIX);
    redis.disconnect();
  });
  const ask = async (login: string, query: string, variables?: Record<string, unknown>) => {
    const response = await postGraphQL(platform.gatewayUrl, {
      query,
      variables,
      token: await tokenFor(login),
    });
    return { response, requestId: response.headers.get('x-request-id')! };
  };

  it('records exactly one read per record of a list with nested and _entities-resolved records', async () => {
    const { response, requestId } = await ask('doctor@acme.test', QUERY);
    expect(codes(response)).toEqual([]);
    const expected = expectedEvents();
    const rows = await waitForLedger(platforms.database(), requestId, expected.length);
    expect(rows.map((row) => [row.resource_type, row.resource_id, row.fields])).toEqual(expected);
    expect(new Set(rows.map((row) => `${row.action}:${row.outcome}:${row.actor_id}:${row.operation_name}`))).toEqual(
      new Set([`READ:SUCCESS:${doctorId}:ChartList`]),
    );
  });

  it('records a denied field as DENIED', async () => {
    const other = acme!.patients[1]!.id;
    const { requestId } = await ask(
      'doctor@acme.test',
      `query($id: ID!) { patient(id: $id) { id allergies { substance } } }`,
      { id: other },
    );
    const rows = await waitForLedger(platforms.database(), requestId, 2);
    expect(rows.map((row) => [row.action, row.outcome, row.resource_id, row.fields])).toEqual([
      ['DENIED', 'DENIED', other, ['allergies']],
      ['READ', 'SUCCESS', other, ['id']],
    ]);
  });

  it('records a change with the names of the fields written, never their values', async () => {
    const patient = acme!.patients[7]!;
    const { response, requestId } = await ask(
      'reception@acme.test',
      `mutation($id: ID!) { updatePatientContact(patientId: $id, input: { phone: "+1 555 0123" }) { id } }`,
      { id: patient.id },
    );
    expect(codes(response)).toEqual([]);
    const rows = await waitForLedger(platforms.database(), requestId, 3);
    expect(rows.map((row) => [row.action, row.outcome, row.resource_type, row.resource_id, row.fields])).toEqual([
      ['READ', 'SUCCESS', 'Patient', patient.id, ['id']],
      ['UPDATE', 'ATTEMPTED', 'Patient', patient.id, ['phone']],
      ['UPDATE', 'SUCCESS', 'Patient', patient.id, ['phone']],
    ]);
    // the attempt is handed off before the change, so it comes first in the tenant's chain
    expect(rows[1]!.seq).toBeLessThan(rows[2]!.seq);
    expect(JSON.stringify(rows)).not.toContain('555 0123');
  });

  it('stores no value of a patient record in any event', async () => {
    const patient = acme!.patients[0]!;
    const { requestId } = await ask(
      'doctor@acme.test',
      `query($id: ID!) { patient(id: $id) { name { given family } birthDate phone email allergies { substance } } }`,
      { id: patient.id },
    );
    const rows = await waitForLedger(platforms.database(), requestId, 1);
    const stored = JSON.stringify(rows);
    for (const value of [patient.givenName, patient.familyName, patient.birthDate, patient.phone, patient.email]) {
      if (value) expect(stored).not.toContain(value);
    }
    expect(rows[0]?.fields).toEqual(['allergies', 'birthDate', 'email', 'name', 'phone']);
  });
});

describe('when a change fails at the database after its announcement', () => {
  it('records FAILED after ATTEMPTED for the same record, and the note is not written', async () => {
    const platform = await platforms.start({});
    const database = platforms.database();
    const treated = new Set(acme!.careTeam.filter((m) => m.practitionerId === doctorId).map((m) => m.patientId));
    const appointment = acme!.appointments.find((a) => treated.has(a.patientId))!;
    // Injected as the database owner: only a note whose plan is the marker fails, so other suites are untouched.
    await database.db.execute(
      sql.raw(`
      create or replace function appointment.inject_failure() returns trigger language plpgsql as $$
      begin if new.plan = 'inject-failure-7f3a' then raise exception 'injected failure'; end if; return new; end $$;
      create trigger inject_failure before insert or update on appointment.clinical_note
        for each row execute function appointment.inject_failure();`),
    );
    try {
      const response = await postGraphQL(platform.gatewayUrl, {
        query: `mutation($id: ID!) { recordClinicalNote(appointmentId: $id, input: { plan: "inject-failure-7f3a" }) { id } }`,
        variables: { id: appointment.id },
        token: await tokenFor('doctor@acme.test'),
      });
      expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
      const rows = await waitForLedger(database, response.headers.get('x-request-id')!, 2);
      expect(rows.map((row) => [row.action, row.resource_type, row.resource_id, row.outcome, row.fields])).toEqual([
        ['UPDATE', 'Appointment', appointment.id, 'ATTEMPTED', ['plan']],
        ['UPDATE', 'Appointment', appointment.id, 'FAILED', ['plan']],
      ]);
      const notes = await database.db.execute(
        sql`select count(*)::int as n from appointment.clinical_note where plan = 'inject-failure-7f3a'`,
      );
      expect(rowsOf<{ n: number }>(notes)).toEqual([{ n: 0 }]);
    } finally {
      await database.db.execute(
        sql.raw(`drop trigger inject_failure on appointment.clinical_note;
        drop function appointment.inject_failure();`),
      );
    }
  });
});

describe('when the audit hand-off fails', () => {
  it('refuses patient data with SERVICE_UNAVAILABLE, while a query without patient data still works', async () => {
    const platform = await platforms.start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const token = await tokenFor('doctor@acme.test');
    const phi = await postGraphQL(platform.gatewayUrl, {
      query: `query($id: ID!) { patient(id: $id) { name { family } } }`,
      variables: { id: acme!.patients[0]!.id },
      token,
    });
    expect(codes(phi)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(phi.body.data?.patient ?? null).toBeNull();
    expect(phi.text).not.toContain(acme!.patients[0]!.familyName);
    const directory = await postGraphQL(platform.gatewayUrl, {
      query: '{ practitioners(first: 2) { nodes { id } } }',
      token,
    });
    expect(codes(directory)).toEqual([]);
    expect(directory.body.data?.practitioners.nodes).toHaveLength(2);
  });

  it('makes no change it cannot record: the write is refused and the record stays as it was', async () => {
    const patient = acme!.patients[9]!;
    const broken = await platforms.start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const token = await tokenFor('reception@acme.test');
    const write = await postGraphQL(broken.gatewayUrl, {
      query: `mutation($id: ID!) { updatePatientContact(patientId: $id, input: { phone: "+1 555 0199" }) { phone } }`,
      variables: { id: patient.id },
      token,
    });
    expect(codes(write)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(write.text).not.toContain('555 0199');
    const working = await platforms.start({});
    const read = await postGraphQL(working.gatewayUrl, {
      query: `query($id: ID!) { patient(id: $id) { phone } }`,
      variables: { id: patient.id },
      token,
    });
    expect(read.body.data?.patient).toEqual({ phone: patient.phone });
  });
});
