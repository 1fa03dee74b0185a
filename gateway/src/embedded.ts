// `npm start`: the whole platform in one process on the embedded defaults (PGlite in .data/).
import { performance } from 'node:perf_hooks';
import {
  createLogger,
  onShutdown,
  runMain,
  openConfiguredDatabase,
  loadConfig,
  loadOrCreateDevKeys,
} from '@caregraph/platform';
import { startPlatform } from './platform';
import { hasDemoData, migrateAll, seedAll } from './subgraph-registry';

runMain(async () => {
  const started = performance.now();
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, 'caregraph');
  const database = await openConfiguredDatabase(config);
  await migrateAll(database);
  if (config.SEED_ON_START === 'always' || (config.SEED_ON_START === 'auto' && !(await hasDemoData(database)))) {
    log.info({ patientsPerTenant: config.SEED_PATIENTS }, 'seeding demo data');
    await seedAll(database, config.SEED_PATIENTS);
  }
  const devKeys = config.NODE_ENV === 'production' ? undefined : await loadOrCreateDevKeys(config.DATA_DIR);
  const platform = await startPlatform({ config, database, log, devKeys });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(banner(platform.gatewayUrl, database.kind, seconds));

  process.on('SIGHUP', () => platform.reloadTrustedDocuments());
  onShutdown(async () => {
    await platform.stop();
    await database.close();
  });
});

function banner(gatewayUrl: string, databaseKind: string, seconds: string): string {
  return `
Caregraph is running (${databaseKind}, ready in ${seconds} s)

  Gateway   ${gatewayUrl}
  Health    ${gatewayUrl.replace(/\/graphql$/, '/health/ready')}

  Get a token (valid 1 h) for a seeded login, e.g. doctor@acme.test:
    TOKEN=$(npm run -s token -- doctor@acme.test)

  Ask the graph:
    curl -s ${gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
      -d '{"query":"{ me { roles practitioner { name { family } } } patients(first: 2) { nodes { mrn name { given family } appointments(first: 1) { nodes { startsAt status } } } } }"}'

`;
}
