// The patient subgraph's public surface for the launcher, scripts and tests.
export { createPatientSubgraph, migrationsFolder, typeDefs } from './server';
export { seedPatient } from './seed';
export * as patientTables from './db/schema';
