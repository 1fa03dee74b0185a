// The gateway's surface for the launcher, scripts and tests.
export { startPlatform, type PlatformOptions, type RunningPlatform } from './platform';
export { SUBGRAPHS, demoPatientCount, migrateAll, seedAll } from './subgraph-registry';
