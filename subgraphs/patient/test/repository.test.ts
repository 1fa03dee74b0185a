// The patient repository on real Postgres: tenant scope twice (filter and RLS), MRNs, search.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoData, createRowPolicy, rowsOf, tenantWideRunner, type Database } from '@caregraph/platform';
import { identityOf, openTestDatabase, TEST_SEED_PATIENTS } from '@caregraph/platform/testing';
import { rowSources } from '../src/interface';
import { createPatientRepository } from '../src/repository';

let database: Database;
const [acme, globex] = buildDemoData(TEST_SEED_PATIENTS);

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('patient repository', () => {
  it('returns no row of another tenant even when asked for its ids', async () => {
    const repo = createPatientRepository(database, createRowPolicy(identityOf('admin@acme.test'), rowSources));
    const rows = await repo.patientsByIds([acme!.patients[0]!.id, globex!.patients[0]!.id]);
    expect(rows.map((row) => row.id)).toEqual([acme!.patients[0]!.id]);
  });

  it('RLS alone hides other tenants: raw SQL without a tenant filter sees one tenant', async () => {
    const rows = await tenantWideRunner(
      database,
      'patient',
      'globex',
    )(async (tx) =>
      rowsOf<{ tenant_id: string; n: number }>(
        await tx.execute(sql`select tenant_id, count(*)::int as n from patient.patient group by tenant_id`),
      ),
    );
    expect(rows.map((row) => row.tenant_id)).toEqual(['globex']);
  });

  it('runs as a role that is neither superuser nor exempt from RLS', async () => {
    const [role] = await tenantWideRunner(
      database,
      'patient',
      'acme',
    )(async (tx) =>
      rowsOf<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>(
        await tx.execute(sql`select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`),
      ),
    );
    expect(role).toEqual({ current_user: 'caregraph_patient', rolsuper: false, rolbypassrls: false });
  });

  it('cannot write a row into another tenant, even through raw SQL', async () => {
    const attempt = tenantWideRunner(
      database,
      'patient',
      'acme',
    )((tx) =>
      tx.execute(sql`insert into patient.practitioner (tenant_id, id, given_name, family_name, role)
        values ('globex', gen_random_uuid(), 'Eve', 'Intruder', 'DOCTOR')`),
    );
    await expect(attempt).rejects.toThrow();
  });

  it('issues consecutive MRNs per tenant to newly registered patients', async () => {
    const tenantId = `t${Date.now().toString(36)}`;
    const repo = createPatientRepository(
      database,
      createRowPolicy({ userId: 'u1', tenantId, roles: ['admin'] }, rowSources),
    );
    const input = {
      givenName: 'Ana',
      familyName: 'Test',
      birthDate: '1990-01-01',
      sex: 'FEMALE' as const,
      phone: null,
      email: null,
      insuranceNumber: null,
    };
    const first = await repo.registerPatient(input);
    const second = await repo.registerPatient(input);
    expect([first.mrn, second.mrn]).toEqual([`${tenantId.toUpperCase()}-000001`, `${tenantId.toUpperCase()}-000002`]);
  });

  it('treats LIKE wildcards in a search as literal characters', async () => {
    const repo = createPatientRepository(database, createRowPolicy(identityOf('admin@acme.test'), rowSources));
    expect(await repo.listPatients({ first: 5, after: null }, '%')).toEqual([]);
    const byMrn = await repo.listPatients({ first: 5, after: null }, 'acme-000002');
    expect(byMrn.map((row) => row.mrn)).toEqual(['ACME-000002']);
  });
});
