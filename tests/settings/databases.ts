// Postgres databases of the settings suite's own (empty, or migrated with a few demo patients), and counting in them.
import postgres from 'postgres';
import { migrateAll, seedAll } from '@caregraph/gateway';
import { openDatabase } from '@caregraph/platform';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';

/**
 * `<test database>_settings_<suffix>`, created afresh: empty, or migrated and seeded with
 * `seedPatients` patients per demo tenant.
 */
export async function createDatabase(suffix: string, seedPatients?: number): Promise<ScratchDatabase> {
  const scratch = await createScratchDatabase(`settings_${suffix}`);
  if (seedPatients !== undefined) {
    const database = await openDatabase({ url: scratch.url, poolMax: 2 });
    await migrateAll(database);
    await seedAll(database, seedPatients);
    await database.close();
  }
  return scratch;
}

/** Patients per tenant, as the superuser sees them ({} when there are none; 'no table' before migrating). */
export async function patientsPerTenant(sql: postgres.Sql): Promise<Record<string, number> | 'no table'> {
  const [table] = await sql<[{ exists: boolean }]>`select to_regclass('patient.patient') is not null as exists`;
  if (!table!.exists) return 'no table';
  const rows = await sql<Array<{ tenant: string; patients: number }>>`
    select tenant_id as tenant, count(*)::int as patients from patient.patient group by tenant_id order by tenant_id`;
  return Object.fromEntries(rows.map((row) => [row.tenant, row.patients]));
}
