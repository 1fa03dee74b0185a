// No column of a record the caller may not read leaves Postgres: only its keys, read through the owner's keys function.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import { openDatabase, rowsOf, type Database, type ReturnedColumn } from '@caregraph/platform';
import { callSubgraph, identityOf, postGraphQL, testDatabaseUrl, tokenFor } from '@caregraph/platform/testing';
import { startTestPlatform } from './support/platform';

type ReturnedRow = Array<{ column: ReturnedColumn; value: unknown }>;

/** Tables whose columns hold PHI or the facts of a patient's care. */
const PATIENT_TABLES = [
  'patient.patient',
  'patient.allergy',
  'patient.care_team',
  'appointment.appointment',
  'appointment.clinical_note',
  'prescription.prescription',
] as const;

let database: Database;
let platform: RunningPlatform;
let recording = false;
const returned: ReturnedRow[] = [];
const doctor = identityOf('doctor@acme.test');
/** An appointment of another practitioner with a patient outside doctor@acme.test's care team, with a clinical note. */
let target: { appointmentId: string; patientId: string };
/** OID of each table in PATIENT_TABLES. */
const tableOids = new Map<number, string>();

beforeAll(async () => {
  database = await openDatabase({
    url: testDatabaseUrl(),
    poolMax: 5,
    observeRows: (row) => {
      if (recording) returned.push(row);
    },
  });
  // Fixture lookups as the connecting superuser: no tenant, role or row policy.
  const [found] = rowsOf<{ appointment_id: string; patient_id: string }>(
    await database.db.execute(sql`select a.id as appointment_id, a.patient_id
      from appointment.appointment a join appointment.clinical_note n on n.tenant_id = a.tenant_id and n.appointment_id = a.id
      where a.tenant_id = 'acme' and a.practitioner_id <> ${doctor.userId}::uuid
        and a.patient_id not in (select patient_id from patient.care_team where tenant_id = 'acme' and practitioner_id = ${doctor.userId}::uuid)
      order by a.id limit 1`),
  );
  target = { appointmentId: found!.appointment_id, patientId: found!.patient_id };
  for (const table of PATIENT_TABLES) {
    const [row] = rowsOf<{ oid: number }>(await database.db.execute(sql`select ${table}::regclass::oid::int as oid`));
    tableOids.set(row!.oid, table);
  }
  platform = await startTestPlatform(database);
});
afterAll(async () => {
  await platform?.stop();
  await database?.close();
});

/** Rows Postgres returned while `work` ran that carry one of the target's ids. */
async function rowsAbout<T>(work: () => Promise<T>): Promise<{ result: T; rows: ReturnedRow[] }> {
  returned.length = 0;
  recording = true;
  try {
    const result = await work();
    const ids = new Set([target.appointmentId, target.patientId]);
    return { result, rows: returned.filter((row) => row.some(({ value }) => ids.has(value as string))) };
  } finally {
    recording = false;
  }
}

/** The non-null values of the target's rows that came from a column of a patient table, as `table.column`. */
const tableValues = (rows: ReturnedRow[]) =>
  rows.flatMap((row) =>
    row
      .filter(({ column, value }) => value !== null && tableOids.has(column.table))
      .map(({ column }) => `${tableOids.get(column.table)}.${column.name}`),
  );

const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) =>
  [...new Set((body.errors ?? []).map((error) => error.extensions?.code))].sort();

describe('a record the caller may not read', () => {
  it('by id: only the appointment and patient keys are read, and every field is FORBIDDEN', async () => {
    const token = await tokenFor('doctor@acme.test');
    const { result, rows } = await rowsAbout(() =>
      postGraphQL(platform.gatewayUrl, {
        query: `query($id: ID!) { appointment(id: $id) { startsAt reason clinicalNote { subjective } patient { name { family } birthDate } } }`,
        variables: { id: target.appointmentId },
        token,
      }),
    );
    expect(codes(result.body)).toEqual(['FORBIDDEN']);
    expect(rows.length).toBeGreaterThan(0);
    expect(tableValues(rows)).toEqual([]);
  });

  it('by entity reference: the subgraph reads the appointment keys only', async () => {
    const { result, rows } = await rowsAbout(() =>
      callSubgraph(platform.subgraphUrls.appointment, 'appointment', doctor, {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Appointment { startsAt reason status clinicalNote { subjective } } } }`,
        variables: { r: [{ __typename: 'Appointment', id: target.appointmentId }] },
      }),
    );
    expect(codes(result.body)).toEqual(['FORBIDDEN']);
    expect(rows).toHaveLength(1);
    expect(tableValues(rows)).toEqual([]);
  });

  it("through Patient.appointments: the patient's appointments are not read at all", async () => {
    const { result, rows } = await rowsAbout(() =>
      callSubgraph(platform.subgraphUrls.appointment, 'appointment', doctor, {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { appointments(first: 20) { nodes { id startsAt reason } } } } }`,
        variables: { r: [{ __typename: 'Patient', id: target.patientId }] },
      }),
    );
    expect(codes(result.body)).toEqual(['FORBIDDEN']);
    // One row for the patient: not readable, and every appointment column of it null.
    expect(rows).toHaveLength(1);
    const values = Object.fromEntries(rows[0]!.map(({ column, value }) => [column.name, value]));
    expect(values.parent_readable).toBe(false);
    expect(Object.entries(values).filter(([name, value]) => !name.startsWith('parent_') && value !== null)).toEqual([]);
    expect(tableValues(rows)).toEqual([]);
  });

  it('a record the caller may read comes back whole through the same reads (the probe sees table columns)', async () => {
    const reception = identityOf('reception@acme.test');
    const { rows } = await rowsAbout(() =>
      callSubgraph(platform.subgraphUrls.appointment, 'appointment', reception, {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Appointment { startsAt reason } } }`,
        variables: { r: [{ __typename: 'Appointment', id: target.appointmentId }] },
      }),
    );
    expect(tableValues(rows)).toEqual(
      expect.arrayContaining(['appointment.appointment.starts_at', 'appointment.appointment.patient_id']),
    );
  });
});
