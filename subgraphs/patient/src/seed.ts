// The patient subgraph's part of the demo seed: practitioners, patients, allergies, care teams.
import { eq } from 'drizzle-orm';
import { insertInChunks, seedSubgraph, type Database, type DemoTenant } from '@caregraph/platform';
import { allergy, careTeam, mrnCounter, patient, practitioner } from './db/schema';

export function seedPatient(database: Database, tenants: DemoTenant[]): Promise<void> {
  return seedSubgraph(database, 'patient', tenants, async (tx, tenant) => {
    const tenantId = tenant.id;
    for (const table of [careTeam, allergy, patient, practitioner, mrnCounter]) {
      await tx.delete(table).where(eq(table.tenantId, tenantId));
    }
    await insertInChunks(
      tx,
      practitioner,
      tenant.practitioners.map((row) => ({ ...row, tenantId })),
    );
    await insertInChunks(
      tx,
      patient,
      tenant.patients.map((row) => ({ ...row, tenantId, updatedAt: row.createdAt })),
    );
    await insertInChunks(
      tx,
      allergy,
      tenant.allergies.map((row) => ({ ...row, tenantId })),
    );
    await insertInChunks(
      tx,
      careTeam,
      tenant.careTeam.map((row) => ({ ...row, tenantId })),
    );
    await tx.insert(mrnCounter).values({ tenantId, last: tenant.patients.length });
  });
}
