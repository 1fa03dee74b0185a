// The prescription subgraph's part of the demo seed: prescriptions and their medication lines.
import { eq } from 'drizzle-orm';
import { insertInChunks, seedSubgraph, type Database, type DemoTenant } from '@caregraph/platform';
import { medication, prescription } from './db/schema';

export function seedPrescription(database: Database, tenants: DemoTenant[]): Promise<void> {
  return seedSubgraph(database, 'prescription', tenants, async (tx, tenant) => {
    const tenantId = tenant.id;
    for (const table of [medication, prescription]) {
      await tx.delete(table).where(eq(table.tenantId, tenantId));
    }
    await insertInChunks(
      tx,
      prescription,
      tenant.prescriptions.map(({ revokeReason, ...row }) => ({ ...row, tenantId, revocationReason: revokeReason })),
    );
    await insertInChunks(
      tx,
      medication,
      tenant.medications.map((row) => ({ ...row, tenantId })),
    );
  });
}
