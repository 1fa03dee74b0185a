// The ledger through the gateway: auditors see who accessed a patient; patients see who looked at their record.
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '@caregraph/platform';
import { TEST_SEED_PATIENTS, postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { waitForLedger } from './support/ledger';
import { useTestPlatform } from './support/platform';
import { codes } from './support/probes';

const harness = useTestPlatform();
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
const patient = acme!.patients[0]!;
const doctor = acme!.practitioners[0]!;

async function ask(login: string, query: string, variables?: Record<string, unknown>) {
  const response = await postGraphQL(harness.platform.gatewayUrl, {
    query,
    variables,
    token: await tokenFor(login),
  });
  return { response, requestId: response.headers.get('x-request-id')! };
}

/** doctor@ opens patient #1's chart and the access reaches the ledger. */
async function doctorReadsChart() {
  const { requestId } = await ask(
    'doctor@acme.test',
    'query OpenChart($id: ID!) { patient(id: $id) { name { family } allergies { substance } } }',
    { id: patient.id },
  );
  await waitForLedger(harness.database, requestId, 1);
  return requestId;
}

describe('the access ledger through the gateway', () => {
  it('lets an auditor list who accessed a patient, with the actor name and role', async () => {
    const requestId = await doctorReadsChart();
    const { response } = await ask(
      'auditor@acme.test',
      `query($p: ID!) { accessEvents(filter: { patientId: $p, action: READ }, first: 50) {
        nodes { requestId actorId actorRoles actorPractitioner { name { family } } resourceType fields operationName } } }`,
      { p: patient.id },
    );
    expect(codes(response)).toEqual([]);
    const event = (response.body.data?.accessEvents.nodes as Array<Record<string, unknown>>).find(
      (node) => node.requestId === requestId,
    );
    expect(event).toEqual({
      requestId,
      actorId: doctor.id,
      actorRoles: ['doctor'],
      actorPractitioner: { name: { family: doctor.familyName } },
      resourceType: 'Patient',
      fields: ['allergies', 'name'],
      operationName: 'OpenChart',
    });
  });

  it('shows a patient who looked at their record, and nothing of anyone else', async () => {
    const requestId = await doctorReadsChart();
    const own = await ask(
      'patient1@acme.test',
      '{ me { patient { accessLog(first: 50) { nodes { requestId patientId actorRoles } } } } }',
    );
    expect(codes(own.response)).toEqual([]);
    const nodes = own.response.body.data?.me.patient.accessLog.nodes as Array<{ requestId: string; patientId: string }>;
    expect(nodes.some((node) => node.requestId === requestId)).toBe(true);
    expect(nodes.every((node) => node.patientId === patient.id)).toBe(true);
    const other = await ask(
      'patient1@acme.test',
      'query($id: ID!) { accessEvents(filter: { patientId: $id }) { nodes { id } } }',
      { id: acme!.patients[1]!.id },
    );
    expect(other.response.body.data?.accessEvents.nodes).toEqual([]);
  });

  it('records the reading of the ledger itself, once per request', async () => {
    const { requestId } = await ask(
      'auditor@acme.test',
      'query($p: ID!) { accessEvents(filter: { patientId: $p }, first: 5) { nodes { id } } }',
      { p: patient.id },
    );
    const rows = await waitForLedger(harness.database, requestId, 1);
    expect(rows.map((row) => [row.action, row.resource_type, row.resource_id, row.fields])).toEqual([
      ['READ', 'AccessLog', patient.id, ['accessEvents']],
    ]);
  });

  it('reports the tenant chain intact, to admins and auditors only', async () => {
    const { response } = await ask('admin@acme.test', '{ auditIntegrity { ok } }');
    expect(response.body.data).toEqual({ auditIntegrity: { ok: true } });
    const refused = await ask('patient1@acme.test', '{ auditIntegrity { ok } }');
    expect(codes(refused.response)).toEqual(['FORBIDDEN']);
  });
});
