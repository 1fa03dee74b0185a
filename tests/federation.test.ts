// One graph over four subgraphs on Postgres: joins across subgraphs, one tenant only, no N+1.
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '@caregraph/platform';
import { postGraphQL, tokenFor, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { useTestPlatform } from './support/platform';
import { PATIENTS_DEEP, PATIENT_BY_ID } from './support/queries';
import { UNTROUBLED_TRAFFIC } from './support/probes';

const harness = useTestPlatform();
const [acme, globex] = buildDemoData(TEST_SEED_PATIENTS);

async function statementsFor(first: number) {
  const token = await tokenFor('doctor@acme.test');
  harness.database.stats.statements = 0;
  const response = await postGraphQL(harness.platform.gatewayUrl, {
    query: PATIENTS_DEEP,
    variables: { first },
    token,
  });
  return { response, statements: harness.database.stats.statements };
}

describe('federated graph', () => {
  it('joins patient, appointment and prescription data of the doctor patients, in one tenant only', async () => {
    const { response } = await statementsFor(50);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const patients = response.body.data!.patients.nodes as Array<{ id: string; mrn: string; appointments: any }>;
    expect(patients).toHaveLength(50);
    const doctorId = acme!.practitioners[0]!.id;
    const treated = new Set(acme!.careTeam.filter((m) => m.practitionerId === doctorId).map((m) => m.patientId));
    expect(patients.every((p) => treated.has(p.id) && p.mrn.startsWith('ACME-'))).toBe(true);
    const appointments = patients.flatMap((p) => p.appointments.nodes);
    expect(appointments.length).toBeGreaterThan(100);
    expect(appointments.every((a: any) => typeof a.practitioner.name.family === 'string')).toBe(true);
    const medications = appointments.flatMap((a: any) => a.prescriptions.flatMap((p: any) => p.medications));
    expect(medications.length).toBeGreaterThan(0);
    for (const globexPatient of globex!.patients) expect(response.text).not.toContain(globexPatient.id);
  });

  it('costs the same number of SQL statements for 5 and for 50 patients', async () => {
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(five.response.body.errors).toBeUndefined();
    expect(fifty.statements).toBe(five.statements);
    // 5 batches, each a tenant transaction of 2 statements (set_config + query): patients,
    // appointments, practitioners, prescriptions, medications. Every query reads its rows under
    // the caller's row policy with their care-team facts, so no field rule needs a lookup of its own.
    expect(fifty.statements).toBe(10);
  });

  it('sends each practitioner and patient that appointments share to the patient subgraph once', async () => {
    const token = await tokenFor('doctor@acme.test');
    const before = harness.platform.stats.representations;
    const response = await postGraphQL(harness.platform.gatewayUrl, {
      query: `{ appointments(first: 100) { nodes { id patient { id mrn } practitioner { id name { family } } } } }`,
      token,
    });
    expect(response.body.errors).toBeUndefined();
    const appointments = response.body.data!.appointments.nodes as Array<{
      patient: { id: string; mrn: string };
      practitioner: { id: string; name: { family: string } };
    }>;
    const patients = new Set(appointments.map((a) => a.patient.id));
    const practitioners = new Set(appointments.map((a) => a.practitioner.id));
    expect(practitioners.size).toBeLessThan(appointments.length);
    expect(harness.platform.stats.representations - before).toBe(patients.size + practitioners.size);
    // every repeat still gets its data
    expect(appointments.every((a) => a.patient.mrn.startsWith('ACME-') && a.practitioner.name.family)).toBe(true);
  });

  it('returns null for a patient id of another tenant, exactly as for an unknown id', async () => {
    const token = await tokenFor('admin@acme.test');
    const foreign = await postGraphQL(harness.platform.gatewayUrl, {
      query: PATIENT_BY_ID,
      variables: { id: globex!.patients[0]!.id },
      token,
    });
    const unknown = await postGraphQL(harness.platform.gatewayUrl, {
      query: PATIENT_BY_ID,
      variables: { id: '00000000-0000-4000-8000-000000000000' },
      token,
    });
    expect([foreign.body.data, foreign.body.errors]).toEqual([{ patient: null }, undefined]);
    expect([unknown.body.data, unknown.body.errors]).toEqual([{ patient: null }, undefined]);
  });

  it('answers `me` from the token with the practitioner record', async () => {
    const token = await tokenFor('doctor@acme.test');
    const response = await postGraphQL(harness.platform.gatewayUrl, {
      query: '{ me { tenantId roles practitioner { id role } patient { id } } }',
      token,
    });
    expect(response.body.data).toEqual({
      me: {
        tenantId: 'acme',
        roles: ['DOCTOR'],
        practitioner: { id: acme!.practitioners[0]!.id, role: 'DOCTOR' },
        patient: null,
      },
    });
  });

  it('mints its own request id whatever the client sends, and echoes that', async () => {
    const token = await tokenFor('admin@acme.test');
    const given = await postGraphQL(harness.platform.gatewayUrl, {
      query: '{ me { userId } }',
      token,
      headers: { 'x-request-id': 'trace-12345678' },
    });
    const minted = await postGraphQL(harness.platform.gatewayUrl, {
      query: '{ me { userId } }',
      token,
      headers: { 'x-request-id': 'bad id!' },
    });
    expect(given.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(minted.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('reports ready only while every subgraph answers its health check', async () => {
    const ready = await fetch(harness.platform.gatewayUrl.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      subgraphs: { patient: 'ok', appointment: 'ok', prescription: 'ok', audit: 'ok' },
      ...UNTROUBLED_TRAFFIC,
    });
    const live = await fetch(harness.platform.gatewayUrl.replace('/graphql', '/health/live'));
    expect(live.status).toBe(200);
  });
});
