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
import { startBanner } from './banner';
import { startPlatform } from './platform';
import { hasDemoData, migrateAll, seedAll } from './subgraph-registry';

runMain(async () => {
  const started = performance.now();
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, 'caregraph');
  const database = await openConfiguredDatabase(config);
  await migrateAll(database);
  // Never in production (config refuses SEED_ON_START=always there): `npm run seed` does it on purpose.
  const seed =
    config.NODE_ENV !== 'production' &&
    (config.SEED_ON_START === 'always' || (config.SEED_ON_START === 'auto' && !(await hasDemoData(database))));
  if (seed) {
    log.info({ patientsPerTenant: config.SEED_PATIENTS }, 'seeding demo data');
    await seedAll(database, config.SEED_PATIENTS);
  }
  const devKeys = config.NODE_ENV === 'production' ? undefined : await loadOrCreateDevKeys(config.DATA_DIR);
  const platform = await startPlatform({ config, database, log, devKeys });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    startBanner(config, { gatewayUrl: platform.gatewayUrl, databaseKind: database.kind, seconds, seeded: seed }),
  );

  process.on('SIGHUP', () => platform.reloadTrustedDocuments());
  onShutdown(log, async () => {
    const report = await platform.drain(config.SHUTDOWN_GRACE_MS);
    await database.close();
    return report;
  });
});
