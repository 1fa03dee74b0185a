// Another clinic's records are unreachable and indistinguishable from records that do not exist.
import { describe, expect, it } from 'vitest';
import { buildDemoData, type SubgraphName } from '@caregraph/platform';
import { callSubgraph, identityOf, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { useTestPlatform } from './support/platform';
import { send, type RoleLogin } from './support/probes';

const harness = useTestPlatform();
const [, globex] = buildDemoData(TEST_SEED_PATIENTS);
const foreignPatient = globex!.patients[0]!.id;
const foreignAppointment = globex!.notes[0]!.appointmentId;
const foreignPrescription = globex!.prescriptions[0]!.id;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** No globex id or MRN appears anywhere in a response body. */
function expectNoGlobexData(text: string) {
  expect(text).not.toContain('GLOBEX-');
  for (const id of [foreignPatient, foreignAppointment, foreignPrescription]) expect(text).not.toContain(id);
}

async function atSubgraph(subgraph: SubgraphName, login: string, query: string, variables: Record<string, unknown>) {
  return callSubgraph(harness.platform.subgraphUrls[subgraph], subgraph, identityOf(login), { query, variables });
}

describe('an acme caller and globex records', () => {
  it.each([
    ['patient', `query($id: ID!) { patient(id: $id) { id mrn name { family } } }`, 'admin'],
    ['appointment', `query($id: ID!) { appointment(id: $id) { id startsAt } }`, 'reception'],
    ['prescription', `query($id: ID!) { prescription(id: $id) { id status } }`, 'doctor'],
  ])('%s(id) of globex is null, exactly like an unknown id', async (field, query, login) => {
    const id = { patient: foreignPatient, appointment: foreignAppointment, prescription: foreignPrescription }[field]!;
    const foreign = await send(harness.platform.gatewayUrl, login, query, { id });
    const unknown = await send(harness.platform.gatewayUrl, login, query, { id: UNKNOWN });
    expect(foreign.body.data).toEqual({ [field]: null });
    expect(foreign.body.errors).toBeUndefined();
    expect(unknown.body.data).toEqual(foreign.body.data);
    expect(unknown.body.errors).toBeUndefined();
  });

  it('twenty aliases enumerating globex patient ids all come back null', async () => {
    const ids = globex!.patients.slice(0, 20).map((patient) => patient.id);
    const query = `{ ${ids.map((id, i) => `p${i}: patient(id: "${id}") { id mrn }`).join(' ')} }`;
    const response = await send(harness.platform.gatewayUrl, 'admin', query);
    expect(Object.values(response.body.data ?? {})).toEqual(Array(20).fill(null));
    expectNoGlobexData(response.text);
  });

  it.each([
    ['patient', 'Patient', 'id mrn insuranceNumber', 'admin'],
    ['appointment', 'Appointment', 'id startsAt', 'admin'],
    ['prescription', 'Prescription', 'id status', 'doctor'],
  ] as const)(
    '_entities on the %s subgraph, with a valid acme assertion, returns null for a globex %s',
    async (subgraph, type, fields, login) => {
      const id = { Patient: foreignPatient, Appointment: foreignAppointment, Prescription: foreignPrescription }[type];
      const response = await atSubgraph(
        subgraph,
        `${login}@acme.test`,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { ${fields} } } }`,
        {
          r: [{ __typename: type, id }],
        },
      );
      expect(response.body).toEqual({ data: { _entities: [null] } });
    },
  );

  it('a nested reference to a globex patient finds no appointments', async () => {
    const response = await atSubgraph(
      'appointment',
      'admin@acme.test',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { appointments(first: 50) { nodes { id } } } } }`,
      {
        r: [{ __typename: 'Patient', id: foreignPatient }],
      },
    );
    expect(response.body).toEqual({ data: { _entities: [{ appointments: { nodes: [] } }] } });
  });

  const mutations: Array<[string, RoleLogin, string, (id: string) => Record<string, unknown>, string]> = [
    [
      'updatePatientContact',
      'admin',
      `mutation($id: ID!) { updatePatientContact(patientId: $id, input: { phone: "+1 555 0199" }) { id } }`,
      (id) => ({ id }),
      foreignPatient,
    ],
    [
      'recordAllergy',
      'doctor',
      `mutation($id: ID!) { recordAllergy(patientId: $id, input: { substance: "Latex", severity: MILD }) { id } }`,
      (id) => ({ id }),
      foreignPatient,
    ],
    [
      'assignCareTeam',
      'admin',
      `mutation($id: ID!) { assignCareTeam(patientId: $id, practitionerIds: []) { id } }`,
      (id) => ({ id }),
      foreignPatient,
    ],
    [
      'cancelAppointment',
      'reception',
      `mutation($id: ID!) { cancelAppointment(id: $id, reason: "probe") { id } }`,
      (id) => ({ id }),
      foreignAppointment,
    ],
    [
      'updateAppointmentStatus',
      'admin',
      `mutation($id: ID!) { updateAppointmentStatus(id: $id, status: ARRIVED) { id } }`,
      (id) => ({ id }),
      foreignAppointment,
    ],
    [
      'recordClinicalNote',
      'doctor',
      `mutation($id: ID!) { recordClinicalNote(appointmentId: $id, input: { plan: "probe" }) { id } }`,
      (id) => ({ id }),
      foreignAppointment,
    ],
    [
      'revokePrescription',
      'doctor',
      `mutation($id: ID!) { revokePrescription(id: $id, reason: "probe") { id } }`,
      (id) => ({ id }),
      foreignPrescription,
    ],
  ];

  it.each(mutations)(
    '%s on a globex id is NOT_FOUND, exactly like an unknown id, and changes nothing',
    async (_name, login, query, variables, foreignId) => {
      const foreign = await send(harness.platform.gatewayUrl, login, query, variables(foreignId));
      const unknown = await send(harness.platform.gatewayUrl, login, query, variables(UNKNOWN));
      const shape = (response: typeof foreign) =>
        response.body.errors?.map((e) => [e.message, e.extensions?.code, e.path]);
      expect(shape(foreign)).toEqual(shape(unknown));
      expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expectNoGlobexData(foreign.text);
    },
  );

  it('globex data is unchanged after the attempts', async () => {
    const response = await send(
      harness.platform.gatewayUrl,
      'admin@globex.test',
      `query($id: ID!) { patient(id: $id) { phone careTeam { id } } }`,
      { id: foreignPatient },
    );
    expect(response.body.data?.patient.phone).toBe(globex!.patients[0]!.phone);
    expect((response.body.data?.patient.careTeam as unknown[]).length).toBe(
      globex!.careTeam.filter((m) => m.patientId === foreignPatient).length,
    );
  });
});
