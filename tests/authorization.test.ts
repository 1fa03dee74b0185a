// The access matrix through the gateway: every role against every field group and mutation.
import { describe, expect, it } from 'vitest';
import { buildDemoData } from '@caregraph/platform';
import { TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { useTestPlatform } from './support/platform';
import { codes, matrixCases, send, type Probe, type RoleLogin } from './support/probes';

// Partners may only send registered documents; here the trusted-document gate only logs, so
// that the field rules behind it are tested on their own (defense in depth).
const harness = useTestPlatform({ TRUSTED_DOCUMENTS_MODE: 'log-unknown' });
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
/** Patient #1: patient1@ themself, on the care team of doctor@ and nurse@. */
const P = acme!.patients[0]!.id;
const noted = acme!.notes.find((note) => note.patientId === P)!.appointmentId;
const [doctor, doctor2] = acme!.practitioners;
/** Distinct far-future slots so allowed bookings never overlap each other. */
const slot = (login: RoleLogin, day: number) => {
  const hour =
    9 + ['admin', 'doctor', 'nurse', 'reception', 'patient1', 'partner', 'analyst', 'auditor'].indexOf(login);
  const start = `2033-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
  return { startsAt: start, endsAt: start.replace(':00:00Z', ':30:00Z') };
};

const reads: Probe[] = [
  {
    name: 'read demographics',
    query: `query($id: ID!) { patient(id: $id) { name { family } } }`,
    allowed: ['admin', 'doctor', 'nurse', 'reception', 'patient1', 'auditor'],
  },
  {
    name: 'read contact',
    query: `query($id: ID!) { patient(id: $id) { phone } }`,
    allowed: ['admin', 'doctor', 'nurse', 'reception', 'patient1'],
  },
  {
    name: 'read insurance number',
    query: `query($id: ID!) { patient(id: $id) { insuranceNumber } }`,
    allowed: ['admin', 'reception', 'patient1'],
  },
  {
    name: 'read allergies',
    query: `query($id: ID!) { patient(id: $id) { allergies { substance } } }`,
    allowed: ['doctor', 'nurse', 'patient1'],
  },
  {
    name: 'read care team',
    query: `query($id: ID!) { patient(id: $id) { careTeam { id } } }`,
    allowed: ['admin', 'doctor', 'nurse', 'reception', 'patient1'],
  },
  {
    name: 'read appointments of a patient',
    query: `query($id: ID!) { patient(id: $id) { appointments(first: 5) { nodes { id } } } }`,
    allowed: ['admin', 'doctor', 'nurse', 'reception', 'patient1'],
  },
  {
    name: 'read prescriptions of a patient',
    query: `query($id: ID!) { patient(id: $id) { prescriptions(first: 5) { nodes { id } } } }`,
    allowed: ['doctor', 'nurse', 'patient1'],
  },
  {
    name: 'read a clinical note',
    query: `query($id: ID!) { appointment(id: $id) { clinicalNote { plan } } }`,
    variables: () => ({ id: noted }),
    allowed: ['doctor', 'nurse', 'patient1'],
  },
  {
    name: 'read the appointment list',
    query: `{ appointments(first: 5) { nodes { id } } }`,
    allowed: ['admin', 'doctor', 'nurse', 'reception', 'patient1', 'partner'],
  },
  {
    name: 'read the practitioner directory',
    query: `{ practitioners(first: 2) { nodes { name { family } specialty } } }`,
    allowed: ['admin', 'doctor', 'nurse', 'reception', 'patient1', 'partner', 'auditor'],
  },
  {
    name: 'read availability',
    query: `query($p: ID!) { availability(practitionerId: $p, date: "2033-02-01") { startsAt } }`,
    allowed: ['admin', 'doctor', 'nurse', 'reception', 'patient1', 'partner'],
  },
  {
    name: 'read the access ledger',
    query: `{ accessEvents(first: 1) { nodes { id } } }`,
    allowed: ['admin', 'patient1', 'auditor'],
  },
];

const writes: Probe[] = [
  {
    name: 'register a patient',
    query: `mutation { registerPatient(input: { given: "Test", family: "Matrix", birthDate: "2000-01-01", sex: UNKNOWN }) { id } }`,
    allowed: ['admin', 'reception'],
  },
  {
    name: 'update contact details',
    query: `mutation($id: ID!) { updatePatientContact(patientId: $id, input: { phone: "+1 555 0101" }) { id } }`,
    allowed: ['admin', 'reception', 'patient1'],
  },
  {
    name: 'record an allergy',
    query: `mutation($id: ID!) { recordAllergy(patientId: $id, input: { substance: "Latex", severity: MILD }) { id } }`,
    allowed: ['doctor'],
  },
  {
    name: 'book an appointment with another practitioner',
    query: `mutation($input: BookAppointmentInput!) { bookAppointment(input: $input) { id } }`,
    variables: (login) => ({ input: { patientId: P, practitionerId: doctor2!.id, ...slot(login, 7) } }),
    allowed: ['admin', 'reception', 'patient1', 'partner'],
  },
  {
    name: 'record a clinical note',
    query: `mutation($id: ID!) { recordClinicalNote(appointmentId: $id, input: { plan: "Review in two weeks" }) { id } }`,
    variables: () => ({ id: noted }),
    allowed: ['doctor'],
  },
  {
    name: 'issue a prescription',
    query: `mutation($id: ID!) { issuePrescription(input: { patientId: $id, diagnosis: { code: "I10", display: "Essential hypertension" },
      medications: [{ drugCode: "197361", drugName: "Amlodipine 5 mg tablet", dose: "5 mg", frequency: "once daily", days: 30 }] }) { id } }`,
    allowed: ['doctor'],
  },
];

describe('the access matrix, role by role', () => {
  it.each(matrixCases([...reads, ...writes]))('%s as %s: %s', async (_name, login, expected, probe) => {
    const variables = probe.variables?.(login) ?? { id: P, p: doctor!.id };
    const response = await send(harness.platform.gatewayUrl, login, probe.query, variables);
    if (expected === 'allowed') {
      expect(codes(response)).toEqual([]);
    } else {
      expect(codes(response)).toContain('FORBIDDEN');
      expect(response.text).not.toMatch(/"(family|phone|insuranceNumber|substance|plan)":"/);
    }
  });
});

describe('relationships', () => {
  const clinical = `query($id: ID!) { patient(id: $id) { allergies { substance } name { family } } }`;
  const ofDoctor2 = acme!.patients[1]!.id;

  it('doctor@ reads clinical fields of a care-team patient and is refused on doctor2@ patient', async () => {
    const own = await send(harness.platform.gatewayUrl, 'doctor', clinical, { id: P });
    const other = await send(harness.platform.gatewayUrl, 'doctor', clinical, { id: ofDoctor2 });
    expect(codes(own)).toEqual([]);
    expect(own.body.data?.patient.name.family).toBe(acme!.patients[0]!.familyName);
    expect(other.body.data?.patient).toEqual({ allergies: null, name: null });
    expect(codes(other)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(other.body.errors?.map((error) => error.path)).toEqual([
      ['patient', 'allergies'],
      ['patient', 'name'],
    ]);
  });

  it('doctor2@ is the reverse', async () => {
    const own = await send(harness.platform.gatewayUrl, 'doctor2', clinical, { id: ofDoctor2 });
    const other = await send(harness.platform.gatewayUrl, 'doctor2', clinical, { id: P });
    expect(codes(own)).toEqual([]);
    expect(codes(other)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('lists hold only the patients on the doctor care team, scoped in SQL', async () => {
    const response = await send(harness.platform.gatewayUrl, 'doctor', `{ patients(first: 100) { nodes { id } } }`);
    const treated = new Set(acme!.careTeam.filter((m) => m.practitionerId === doctor!.id).map((m) => m.patientId));
    const ids = (response.body.data?.patients.nodes as Array<{ id: string }>).map((node) => node.id);
    expect(ids.length).toBe(Math.min(100, treated.size));
    expect(ids.every((id) => treated.has(id))).toBe(true);
  });

  it('a care-team list in the same request does not open clinical fields of a patient outside it', async () => {
    const treated = new Set(acme!.careTeam.filter((m) => m.practitionerId === doctor!.id).map((m) => m.patientId));
    const outsider = acme!.patients.find((p) => !treated.has(p.id))!.id;
    const response = await send(
      harness.platform.gatewayUrl,
      'doctor',
      `query($id: ID!) {
        patients(first: 100) { nodes { id allergies { substance } } }
        other: patient(id: $id) { id allergies { substance } prescriptions(first: 5) { nodes { diagnosis { code } } } }
      }`,
      { id: outsider },
    );
    const listed = response.body.data?.patients.nodes as Array<{ id: string; allergies: unknown[] | null }>;
    expect(listed.every((node) => treated.has(node.id) && Array.isArray(node.allergies))).toBe(true);
    expect(response.body.data?.other).toEqual({ id: outsider, allergies: null, prescriptions: null });
    expect(codes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const forbiddenPaths = response.body.errors!.map((error) => error.path);
    expect(forbiddenPaths).toEqual(
      expect.arrayContaining([
        ['other', 'allergies'],
        ['other', 'prescriptions'],
      ]),
    );
  });

  it('a patient lists only their own appointments', async () => {
    const response = await send(
      harness.platform.gatewayUrl,
      'patient1',
      `{ appointments(first: 100) { nodes { patient { id } } } }`,
    );
    const patients = new Set(
      (response.body.data?.appointments.nodes as Array<{ patient: { id: string } }>).map((n) => n.patient.id),
    );
    expect([...patients]).toEqual([P]);
  });

  it('a partner sees only the bookings its client made, and cancels only those', async () => {
    const book = `mutation($input: BookAppointmentInput!) { bookAppointment(input: $input) { id } }`;
    const booked = await send(harness.platform.gatewayUrl, 'partner', book, {
      input: { patientId: P, practitionerId: doctor!.id, ...slot('partner', 9) },
    });
    const ownId = booked.body.data?.bookAppointment.id as string;
    const listed = await send(harness.platform.gatewayUrl, 'partner', `{ appointments(first: 100) { nodes { id } } }`);
    const listedIds = (listed.body.data?.appointments.nodes as Array<{ id: string }>).map((n) => n.id);
    const seeded = new Set(acme!.appointments.map((a) => a.id));
    expect(listedIds).toContain(ownId);
    expect(listedIds.filter((id) => seeded.has(id))).toEqual([]);

    const cancel = `mutation($id: ID!) { cancelAppointment(id: $id, reason: "Patient request") { status } }`;
    const foreign = await send(harness.platform.gatewayUrl, 'partner', cancel, { id: noted });
    expect(codes(foreign)).toEqual(['FORBIDDEN']);
    const own = await send(harness.platform.gatewayUrl, 'partner', cancel, { id: ownId });
    expect(own.body.data).toEqual({ cancelAppointment: { status: 'CANCELLED' } });
  });

  it('a nurse reads clinical data of the care team but cannot prescribe', async () => {
    const read = await send(
      harness.platform.gatewayUrl,
      'nurse',
      `query($id: ID!) { patient(id: $id) { allergies { substance } } }`,
      { id: P },
    );
    expect(codes(read)).toEqual([]);
    expect((read.body.data?.patient.allergies as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('mutations on an existing record', () => {
  const others = (allowed: RoleLogin[]) =>
    (['admin', 'doctor', 'nurse', 'reception', 'patient1', 'partner', 'analyst', 'auditor'] as RoleLogin[]).filter(
      (login) => !allowed.includes(login),
    );
  const book = async (login: RoleLogin, practitionerId: string, day: number) => {
    const response = await send(
      harness.platform.gatewayUrl,
      login,
      `mutation($input: BookAppointmentInput!) { bookAppointment(input: $input) { id } }`,
      {
        input: { patientId: P, practitionerId, ...slot(login, day) },
      },
    );
    return response.body.data?.bookAppointment.id as string;
  };

  it('only admins change a care team', async () => {
    const Q = acme!.patients[40]!.id;
    const team = acme!.careTeam.filter((m) => m.patientId === Q).map((m) => m.practitionerId);
    const assign = `mutation($id: ID!, $ids: [ID!]!) { assignCareTeam(patientId: $id, practitionerIds: $ids) { id } }`;
    for (const login of others(['admin'])) {
      expect(codes(await send(harness.platform.gatewayUrl, login, assign, { id: Q, ids: team })), login).toEqual([
        'FORBIDDEN',
      ]);
    }
    expect(codes(await send(harness.platform.gatewayUrl, 'admin', assign, { id: Q, ids: team }))).toEqual([]);
  });

  it('a patient cancels their own appointment; a doctor cannot cancel another practitioner booking', async () => {
    const cancel = `mutation($id: ID!) { cancelAppointment(id: $id, reason: "Cannot come") { status } }`;
    const id = await book('patient1', doctor2!.id, 11);
    expect(codes(await send(harness.platform.gatewayUrl, 'doctor', cancel, { id }))).toEqual(['FORBIDDEN']);
    expect(codes(await send(harness.platform.gatewayUrl, 'patient1@globex.test', cancel, { id }))).toEqual([
      'NOT_FOUND',
    ]);
    expect((await send(harness.platform.gatewayUrl, 'patient1', cancel, { id })).body.data).toEqual({
      cancelAppointment: { status: 'CANCELLED' },
    });
  });

  it('the practitioner of an appointment, reception and admins move its status', async () => {
    const update = `mutation($id: ID!, $s: AppointmentStatus!) { updateAppointmentStatus(id: $id, status: $s) { status } }`;
    const id = await book('reception', doctor!.id, 12);
    for (const login of others(['admin', 'doctor', 'reception'])) {
      expect(codes(await send(harness.platform.gatewayUrl, login, update, { id, s: 'ARRIVED' })), login).toEqual([
        'FORBIDDEN',
      ]);
    }
    expect(codes(await send(harness.platform.gatewayUrl, 'doctor2', update, { id, s: 'ARRIVED' }))).toEqual([
      'FORBIDDEN',
    ]);
    expect((await send(harness.platform.gatewayUrl, 'doctor', update, { id, s: 'ARRIVED' })).body.data).toEqual({
      updateAppointmentStatus: { status: 'ARRIVED' },
    });
  });

  it('only a doctor of the care team revokes a prescription', async () => {
    const issued = await send(
      harness.platform.gatewayUrl,
      'doctor',
      `mutation($id: ID!) { issuePrescription(input: { patientId: $id, diagnosis: { code: "J06.9", display: "Acute upper respiratory infection" },
        medications: [{ drugCode: "308182", drugName: "Amoxicillin 500 mg capsule", dose: "500 mg", frequency: "three times daily", days: 7 }] }) { id } }`,
      { id: P },
    );
    const id = issued.body.data?.issuePrescription.id as string;
    const revoke = `mutation($id: ID!) { revokePrescription(id: $id, reason: "Entered in error") { status } }`;
    for (const login of [...others(['doctor']), 'doctor2' as RoleLogin]) {
      expect(codes(await send(harness.platform.gatewayUrl, login, revoke, { id })), login).toEqual(['FORBIDDEN']);
    }
    expect((await send(harness.platform.gatewayUrl, 'doctor', revoke, { id })).body.data).toEqual({
      revokePrescription: { status: 'REVOKED' },
    });
  });
});
