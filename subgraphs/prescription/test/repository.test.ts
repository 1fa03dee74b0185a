// The prescription repository on real Postgres: who may prescribe, all-or-nothing writes, tenants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, createRowPolicy, type Database } from '@caregraph/platform';
import { identityOf, openTestDatabase, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { rowSources } from '@caregraph/patient/interface';
import { createPrescriptionRepository } from '../src/repository';

let database: Database;
const [acme] = buildDemoData(TEST_SEED_PATIENTS);
// On the care team of doctor2@acme.test (the family doctor of every other patient from the second).
const patientId = acme!.patients[5]!.id;
const line = {
  drugCode: '197361',
  drugName: 'Amlodipine 5 mg tablet',
  dose: '5 mg',
  frequency: 'once daily',
  days: 30,
};
const input = (medications = [line, { ...line, drugCode: '860975', drugName: 'Metformin 500 mg tablet' }]) => ({
  patientId,
  appointmentId: null,
  diagnosisCode: 'I10',
  diagnosisDisplay: 'Essential hypertension',
  medications,
});

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('prescription repository', () => {
  it('issues a prescription with its medication lines numbered in order', async () => {
    const repo = createPrescriptionRepository(database, createRowPolicy(identityOf('doctor2@acme.test'), rowSources));
    const row = await repo.issue(input());
    const lines = await repo.medicationsByPrescriptionIds([row.id]);
    expect(row.status).toBe('ACTIVE');
    expect(lines.map((l) => [l.line, l.drugCode])).toEqual([
      [1, '197361'],
      [2, '860975'],
    ]);
  });

  it('refuses a nurse as prescriber with FORBIDDEN', async () => {
    const repo = createPrescriptionRepository(database, createRowPolicy(identityOf('nurse@acme.test'), rowSources));
    await expect(repo.issue(input())).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('writes nothing when a medication line is rejected by the database', async () => {
    const repo = createPrescriptionRepository(database, createRowPolicy(identityOf('doctor2@acme.test'), rowSources));
    const pageOf = async () =>
      (await repo.prescriptionsByPatients([patientId], { first: 100, after: null, status: null })).get(patientId)!
        .length;
    const before = await pageOf();
    await expect(repo.issue(input([line, { ...line, days: 0 }]))).rejects.toThrow();
    const after = await pageOf();
    expect(after).toBe(before);
  });

  it('treats an acme prescription as missing for a globex doctor', async () => {
    const acmeRepo = createPrescriptionRepository(
      database,
      createRowPolicy(identityOf('doctor2@acme.test'), rowSources),
    );
    const row = await acmeRepo.issue(input());
    const globexRepo = createPrescriptionRepository(
      database,
      createRowPolicy(identityOf('doctor@globex.test'), rowSources),
    );
    expect(await globexRepo.revoke(row.id, 'probe')).toBeNull();
    expect(await globexRepo.prescriptionsByIds([row.id])).toEqual([]);
  });
});
