// The appointment subgraph's part of the demo seed: appointments and their clinical notes.
import { eq } from 'drizzle-orm';
import { insertInChunks, seedSubgraph, type Database, type DemoTenant } from '@caregraph/platform';
import { appointment, clinicalNote } from './db/schema';

export function seedAppointment(database: Database, tenants: DemoTenant[]): Promise<void> {
  return seedSubgraph(database, 'appointment', tenants, async (tx, tenant) => {
    const tenantId = tenant.id;
    for (const table of [clinicalNote, appointment]) {
      await tx.delete(table).where(eq(table.tenantId, tenantId));
    }
    await insertInChunks(
      tx,
      appointment,
      tenant.appointments.map(({ cancelReason, ...row }) => ({
        ...row,
        tenantId,
        cancellationReason: cancelReason,
        updatedAt: row.createdAt,
      })),
    );
    await insertInChunks(
      tx,
      clinicalNote,
      tenant.notes.map((row) => ({ ...row, tenantId })),
    );
  });
}
