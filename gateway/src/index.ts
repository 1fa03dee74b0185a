// The gateway's surface for the launcher, scripts and tests.
export { createGateway, type GatewayOptions } from './server';
export { startPlatform, type PlatformOptions, type RunningPlatform } from './platform';
export { SUBGRAPHS, demoPatientCount, hasDemoData, migrateAll, seedAll } from './subgraph-registry';
