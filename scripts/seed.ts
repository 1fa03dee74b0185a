// `npm run seed`: migrates, then replaces the demo tenants' data with the deterministic demo set.
import { migrateAll, seedAll } from '@caregraph/gateway';
import { loadConfig, openConfiguredDatabase, runMain } from '@caregraph/platform';

runMain(
  async () => {
    const config = loadConfig();
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
