// The appointment repository on real Postgres: bookings under concurrency, transitions, tenants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, createRowPolicy, type Database } from '@caregraph/platform';
import { identityOf, openTestDatabase, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { rowSources } from '@caregraph/patient/interface';
import { createAppointmentRepository } from '../src/repository';

let database: Database;
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
const reception = identityOf('reception@acme.test');

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const slot = (startsAt: string, minutes = 30) => ({
  patientId: acme!.patients[3]!.id,
  practitionerId: acme!.practitioners[4]!.id,
  startsAt: new Date(startsAt),
  endsAt: new Date(new Date(startsAt).getTime() + minutes * 60_000),
  reason: null,
});

describe('appointment repository', () => {
  it('lets exactly one of ten concurrent overlapping bookings succeed', async () => {
    const repo = createAppointmentRepository(database, createRowPolicy(reception, rowSources));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => repo.book(slot(`2032-03-01T10:${String(i).padStart(2, '0')}:00Z`))),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((result) => (result.status === 'rejected' ? [result.reason.extensions?.code] : []));
    expect(codes).toEqual(Array(9).fill('BAD_USER_INPUT'));
  });

  it("refuses a doctor's booking on another practitioner's schedule with FORBIDDEN, whatever the field rule did", async () => {
    const doctor = identityOf('doctor@acme.test');
    const repo = createAppointmentRepository(database, createRowPolicy(doctor, rowSources));
    const booking = {
      ...slot('2032-03-03T09:00:00Z'),
      practitionerId: acme!.practitioners.find((p) => p.id !== doctor.userId)!.id,
    };
    await expect(repo.book(booking)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('records who booked, and through which client', async () => {
    const partner = identityOf('partner@acme.test');
    const row = await createAppointmentRepository(database, createRowPolicy(partner, rowSources)).book(
      slot('2032-03-02T09:00:00Z'),
    );
    expect([row.bookedBy, row.bookedByClient, row.status]).toEqual([partner.userId, 'partner-booking', 'BOOKED']);
  });

  it('refuses to cancel twice, naming the current status', async () => {
    const repo = createAppointmentRepository(database, createRowPolicy(reception, rowSources));
    const row = await repo.book(slot('2032-03-03T09:00:00Z'));
    await repo.cancel(row.id, 'Patient request');
    await expect(repo.cancel(row.id, 'Again')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
      message: 'Invalid id: appointment is CANCELLED',
    });
  });

  it('returns nothing of acme to a globex caller', async () => {
    const repo = createAppointmentRepository(database, createRowPolicy(identityOf('admin@globex.test'), rowSources));
    const rows = await repo.appointmentsByIds(acme!.appointments.slice(0, 20).map((a) => a.id));
    expect(rows).toEqual([]);
  });
});
