// The four subgraphs: how each is built, migrated and seeded (for the embedded launcher and scripts).
import { count } from 'drizzle-orm';
import {
  createAppointmentSubgraph,
  migrationsFolder as appointmentMigrations,
  requires as appointmentRequires,
  seedAppointment,
} from '@caregraph/appointment';
import { createAuditSubgraph, migrationsFolder as auditMigrations } from '@caregraph/audit';
import {
  createPatientSubgraph,
  migrationsFolder as patientMigrations,
  patientTables,
  seedPatient,
} from '@caregraph/patient';
import {
  createPrescriptionSubgraph,
  migrationsFolder as prescriptionMigrations,
  requires as prescriptionRequires,
  seedPrescription,
} from '@caregraph/prescription';
import {
  buildDemoData,
  migrateSubgraph,
  tenantWideRunner,
  type Database,
  type DemoTenant,
  type SubgraphApp,
  type SubgraphDeps,
  type SubgraphName,
} from '@caregraph/platform';

interface RegisteredSubgraph {
  name: SubgraphName;
  migrationsFolder: string;
  /** Interfaces of earlier subgraphs its migrations and queries read. */
  requires?: readonly string[];
  create(deps: SubgraphDeps): Promise<SubgraphApp>;
  seed?(database: Database, tenants: DemoTenant[]): Promise<void>;
}

/** In dependency order: later subgraphs' migrations and queries read interfaces of earlier ones (`requires`). */
export const SUBGRAPHS: readonly RegisteredSubgraph[] = [
  { name: 'patient', migrationsFolder: patientMigrations, create: createPatientSubgraph, seed: seedPatient },
  {
    name: 'appointment',
    migrationsFolder: appointmentMigrations,
    requires: appointmentRequires,
    create: createAppointmentSubgraph,
    seed: seedAppointment,
  },
  {
    name: 'prescription',
    migrationsFolder: prescriptionMigrations,
    requires: prescriptionRequires,
    create: createPrescriptionSubgraph,
    seed: seedPrescription,
  },
  { name: 'audit', migrationsFolder: auditMigrations, create: createAuditSubgraph },
];

export async function migrateAll(database: Database): Promise<void> {
  for (const subgraph of SUBGRAPHS) {
    await migrateSubgraph(database, subgraph.name, subgraph.migrationsFolder, { requires: subgraph.requires });
  }
}

/** Replaces the demo tenants' data with the deterministic demo set of `patientsPerTenant` patients. */
export async function seedAll(database: Database, patientsPerTenant: number): Promise<void> {
  const tenants = buildDemoData(patientsPerTenant);
  for (const subgraph of SUBGRAPHS) await subgraph.seed?.(database, tenants);
}

/** Patients of the demo tenant `acme` (read under RLS, as the app would). */
export async function demoPatientCount(database: Database): Promise<number> {
  const [row] = await tenantWideRunner(
    database,
    'patient',
    'acme',
  )((tx) => tx.select({ n: count() }).from(patientTables.patient));
  return row?.n ?? 0;
}

/** True once the demo tenant `acme` has patients. */
export async function hasDemoData(database: Database): Promise<boolean> {
  return (await demoPatientCount(database)) > 0;
}
