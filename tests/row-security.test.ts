// Row-level security enforces the relationship too: raw SQL with no filter, run as a caller's request, sees exactly the matrix's rows.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentTables } from '@caregraph/appointment';
import { auditTables } from '@caregraph/audit';
import { patientTables } from '@caregraph/patient';
import { rowSources } from '@caregraph/patient/interface';
import { prescriptionTables } from '@caregraph/prescription';
import {
  createRowPolicy,
  requestRunner,
  rowsOf,
  type Database,
  type Identity,
  type Role,
  type SubgraphName,
} from '@caregraph/platform';
import { openSuiteDatabase } from './support/platform';

/** A tenant of its own, so no other suite's writes change what each role sees. */
const tenantId = `rls${randomUUID().slice(0, 8)}`;
const id = (): string => randomUUID();
const [D1, D2, N1] = [id(), id(), id()];
const [P1, P2, P3, P4] = [id(), id(), id(), id()];
const [A1, A2, A3, A4] = [id(), id(), id(), id()];
/** AP1: P1 with D1; AP2: P3 with D1 (D1's schedule, not D1's care team); AP3: P4 with D2, booked by the partner; AP4: P2 with D2. */
const [AP1, AP2, AP3, AP4] = [id(), id(), id(), id()];
const [RX1, RX2, RX3] = [id(), id(), id()];
const [E0, E1, E3] = [id(), id(), id()];
const PARTNER_CLIENT = 'portal';

const caller = (roles: Role[], extra: Partial<Identity> = {}): Identity => ({
  userId: id(),
  tenantId,
  roles,
  ...extra,
});
const CALLERS = {
  doctor: caller(['doctor'], { userId: D1 }),
  nurse: caller(['nurse'], { userId: N1 }),
  patient: caller(['patient'], { patientId: P1 }),
  receptionist: caller(['receptionist']),
  admin: caller(['admin']),
  auditor: caller(['auditor']),
  partner: caller(['partner'], { clientId: PARTNER_CLIENT }),
} as const;
type Caller = keyof typeof CALLERS;

/** Prescriptions (and their medication lines, visible exactly when their prescription is): the clinical grants. */
const PRESCRIPTION_ROWS: Record<Caller, string[]> = {
  doctor: ['RX1', 'RX2'],
  nurse: ['RX2'],
  patient: ['RX1'],
  receptionist: [],
  admin: [],
  auditor: [],
  partner: [],
};

/**
 * Per table, per caller: the rows the access matrix lets them see (by the name of the fixture).
 * Care teams: P1 {D1}, P2 {D1, N1}, P3 {D2}; P4 has none.
 */
const EXPECTED: Record<string, { subgraph: SubgraphName; key: string; rows: Record<Caller, string[]> }> = {
  'patient.patient': {
    subgraph: 'patient',
    key: 'id',
    rows: {
      doctor: ['P1', 'P2'],
      nurse: ['P2'],
      patient: ['P1'],
      receptionist: ['P1', 'P2', 'P3', 'P4'],
      admin: ['P1', 'P2', 'P3', 'P4'],
      auditor: ['P1', 'P2', 'P3', 'P4'],
      partner: [],
    },
  },
  'patient.allergy': {
    subgraph: 'patient',
    key: 'id',
    rows: {
      doctor: ['A1', 'A2'],
      nurse: ['A2'],
      patient: ['A1'],
      receptionist: [],
      admin: [],
      auditor: [],
      partner: [],
    },
  },
  'patient.care_team': {
    subgraph: 'patient',
    key: "patient_id || '/' || practitioner_id",
    rows: {
      doctor: ['P1/D1', 'P2/D1', 'P2/N1'],
      nurse: ['P2/D1', 'P2/N1'],
      patient: ['P1/D1'],
      receptionist: ['P1/D1', 'P2/D1', 'P2/N1', 'P3/D2'],
      admin: ['P1/D1', 'P2/D1', 'P2/N1', 'P3/D2'],
      auditor: [],
      partner: [],
    },
  },
  'appointment.appointment': {
    subgraph: 'appointment',
    key: 'id',
    rows: {
      doctor: ['AP1', 'AP2', 'AP4'],
      nurse: ['AP4'],
      patient: ['AP1'],
      receptionist: ['AP1', 'AP2', 'AP3', 'AP4'],
      admin: ['AP1', 'AP2', 'AP3', 'AP4'],
      auditor: [],
      partner: ['AP3'],
    },
  },
  'appointment.clinical_note': {
    subgraph: 'appointment',
    key: 'appointment_id',
    rows: {
      doctor: ['AP1', 'AP4'],
      nurse: ['AP4'],
      patient: ['AP1'],
      receptionist: [],
      admin: [],
      auditor: [],
      partner: [],
    },
  },
  'prescription.prescription': {
    subgraph: 'prescription',
    key: 'id',
    rows: PRESCRIPTION_ROWS,
  },
  'prescription.medication': {
    subgraph: 'prescription',
    key: 'prescription_id',
    rows: PRESCRIPTION_ROWS,
  },
  'audit.access_event': {
    subgraph: 'audit',
    key: 'id',
    rows: {
      doctor: [],
      nurse: [],
      patient: ['E1'],
      receptionist: [],
      admin: ['E0', 'E1', 'E3'],
      auditor: ['E0', 'E1', 'E3'],
      partner: [],
    },
  },
};

const NAMES = new Map(
  Object.entries({ D1, D2, N1, P1, P2, P3, P4, A1, A2, A3, A4, AP1, AP2, AP3, AP4, RX1, RX2, RX3, E0, E1, E3 }).map(
    ([name, value]) => [value, name],
  ),
);
const named = (key: string) => key.replace(/[0-9a-f-]{36}/g, (uuid) => NAMES.get(uuid) ?? uuid);

let database: Database;

/** Inserts the fixture as the connecting user (outside any caller's policy). */
async function insertFixture(db: Database['db']): Promise<void> {
  const { patient, practitioner, allergy, careTeam } = patientTables;
  const { appointment, clinicalNote } = appointmentTables;
  const { prescription, medication } = prescriptionTables;
  await db.insert(practitioner).values(
    [
      [D1, 'DOCTOR'],
      [D2, 'DOCTOR'],
      [N1, 'NURSE'],
    ].map(([pid, role]) => ({ tenantId, id: pid!, givenName: 'Row', familyName: 'Policy', role: role as 'DOCTOR' })),
  );
  await db.insert(patient).values(
    [P1, P2, P3, P4].map((pid, i) => ({
      tenantId,
      id: pid,
      mrn: `RLS-${i + 1}`,
      givenName: `Given${i + 1}`,
      familyName: `Family${i + 1}`,
      birthDate: '1980-01-01',
      sex: 'FEMALE' as const,
    })),
  );
  await db.insert(allergy).values(
    [
      [A1, P1],
      [A2, P2],
      [A3, P3],
      [A4, P4],
    ].map(([aid, pid]) => ({ tenantId, id: aid!, patientId: pid!, substance: 'Latex', severity: 'MILD' as const })),
  );
  await db.insert(careTeam).values(
    [
      [P1, D1],
      [P2, D1],
      [P2, N1],
      [P3, D2],
    ].map(([pid, practitionerId]) => ({ tenantId, patientId: pid!, practitionerId: practitionerId! })),
  );
  const visit = (
    aid: string,
    pid: string,
    practitionerId: string,
    hour: number,
    bookedByClient: string | null = null,
  ) => ({
    tenantId,
    id: aid,
    patientId: pid,
    practitionerId,
    startsAt: new Date(Date.UTC(2031, 0, 6, hour)),
    endsAt: new Date(Date.UTC(2031, 0, 6, hour, 30)),
    status: 'BOOKED' as const,
    reason: 'Check-up',
    bookedBy: 'fixture',
    bookedByClient,
  });
  const visits = [
    visit(AP1, P1, D1, 9),
    visit(AP2, P3, D1, 10),
    visit(AP3, P4, D2, 9, PARTNER_CLIENT),
    visit(AP4, P2, D2, 10),
  ];
  await db.insert(appointment).values(visits);
  await db.insert(clinicalNote).values(
    visits.map((v) => ({
      tenantId,
      appointmentId: v.id,
      patientId: v.patientId,
      subjective: 'Well',
      authoredBy: v.practitionerId,
    })),
  );
  const scripts = [
    [RX1, P1, D1],
    [RX2, P2, D1],
    [RX3, P3, D2],
  ] as const;
  await db.insert(prescription).values(
    scripts.map(([rid, pid, prescriberId]) => ({
      tenantId,
      id: rid,
      patientId: pid,
      prescriberId,
      diagnosisCode: 'I10',
      diagnosisDisplay: 'Essential hypertension',
      status: 'ACTIVE' as const,
    })),
  );
  await db.insert(medication).values(
    scripts.map(([rid]) => ({
      tenantId,
      prescriptionId: rid,
      line: 1,
      drugCode: '197361',
      drugName: 'Amlodipine',
      dose: '5 mg',
      frequency: 'daily',
      days: 30,
    })),
  );
  await db.insert(auditTables.accessEvent).values(
    [
      [E0, null],
      [E1, P1],
      [E3, P3],
    ].map(([eid, pid], seq) => ({
      tenantId,
      id: eid!,
      seq: seq + 1,
      occurredAt: new Date(),
      actorId: 'fixture',
      actorRoles: ['admin'],
      action: 'READ' as const,
      resourceType: 'Patient',
      resourceId: pid ?? 'tenant',
      patientId: pid,
      fields: ['name'],
      requestId: 'fixture',
      outcome: 'SUCCESS' as const,
      source: 'fixture',
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    })),
  );
}

beforeAll(async () => {
  database = await openSuiteDatabase();
  await insertFixture(database.db);
});
afterAll(async () => {
  await database?.close();
});

/** Raw SQL with no filter of its own, run as `who`'s request on `subgraph`'s connection. */
const rawAs = (who: Caller, subgraph: SubgraphName, statement: ReturnType<typeof sql>) =>
  requestRunner(
    database,
    subgraph,
    createRowPolicy(CALLERS[who], rowSources),
  )(async (tx) => rowsOf<{ key: string }>(await tx.execute(statement)));

describe('row-level security by relationship', () => {
  const cases = Object.entries(EXPECTED).flatMap(([table, spec]) =>
    (Object.keys(CALLERS) as Caller[]).map((who) => [table, who, spec.rows[who]] as const),
  );

  it.each(cases)('select * from %s as %s sees exactly %j', async (table, who, expected) => {
    const { subgraph, key } = EXPECTED[table]!;
    const rows = await rawAs(who, subgraph, sql.raw(`select (${key})::text as key from ${table}`));
    expect(rows.map((row) => named(row.key)).sort()).toEqual([...expected].sort());
  });

  it('refuses a raw insert of an allergy for a patient outside the doctor’s care team', async () => {
    const insert = rawAs(
      'doctor',
      'patient',
      sql`insert into patient.allergy (tenant_id, id, patient_id, substance, severity)
        values (${tenantId}, ${id()}::uuid, ${P3}::uuid, 'Latex', 'MILD') returning id::text as key`,
    );
    await expect(insert).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it('lets the same raw insert through for a patient on the doctor’s care team', async () => {
    const rows = await rawAs(
      'doctor',
      'patient',
      sql`insert into patient.allergy (tenant_id, id, patient_id, substance, severity)
        values (${tenantId}, ${id()}::uuid, ${P1}::uuid, 'Pollen', 'MILD') returning patient_id::text as key`,
    );
    expect(rows.map((row) => named(row.key))).toEqual(['P1']);
  });
});
