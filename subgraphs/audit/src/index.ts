// The audit subgraph's public surface for the launcher, scripts and tests.
export { createAuditSubgraph, migrationsFolder, typeDefs } from './server';
export { appendEvents } from './ledger';
export { startLedgerWriter, type LedgerWriter, type LedgerWriterOptions } from './consumer';
export { ledgerTenants, purgeExpired, type PurgeResult } from './retention';
export * as auditTables from './db/schema';
