// The appointment subgraph's public surface for the launcher, scripts and tests.
export { createAppointmentSubgraph, migrationsFolder, requires, typeDefs } from './server';
export { seedAppointment } from './seed';
export * as appointmentTables from './db/schema';
