// The prescription subgraph's public surface for the launcher, scripts and tests.
export { createPrescriptionSubgraph, migrationsFolder, requires, typeDefs } from './server';
export { seedPrescription } from './seed';
export * as prescriptionTables from './db/schema';
