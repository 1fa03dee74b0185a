// `npm run seed`: migrates, then replaces the demo tenants' data with the deterministic demo set (refused in production unless asked for).
import { migrateAll, seedAll } from '@caregraph/gateway';
import { loadDatabaseScriptConfig, openConfiguredDatabase, runMain } from '@caregraph/platform';

/** The one way to put demo data (predictable ids, known logins) into a production database. */
const DEMO_DATA_IN_PRODUCTION = '--demo-data-in-production';

runMain(
  async () => {
    const config = loadDatabaseScriptConfig();
    const flags = process.argv.slice(2);
    const unknown = flags.filter((flag) => flag !== DEMO_DATA_IN_PRODUCTION);
    if (unknown.length)
      refuse(`Unknown argument ${unknown.join(' ')}. Usage: npm run seed [-- ${DEMO_DATA_IN_PRODUCTION}]`);
    if (config.NODE_ENV === 'production' && !flags.includes(DEMO_DATA_IN_PRODUCTION)) {
      refuse(
        'Refused: NODE_ENV=production, and the seed writes demo tenants (acme, globex) with predictable ids and ' +
          `known logins. Nothing was written.\nTo put demo data in this database on purpose: npm run seed -- ${DEMO_DATA_IN_PRODUCTION}`,
      );
    }
    const database = await openConfiguredDatabase(config);
    await migrateAll(database);
    await seedAll(database, config.SEED_PATIENTS);
    await database.close();
    process.stdout.write(
      `Seeded tenants acme and globex with ${config.SEED_PATIENTS} patients each (${database.kind})\n`,
    );
  },
  { exitWhenDone: true },
);

function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
