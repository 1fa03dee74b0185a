// `npm run migrate`: applies every subgraph's migrations to the configured database.
import { migrateAll } from '@caregraph/gateway';
import { loadConfig, openConfiguredDatabase, runMain } from '@caregraph/platform';

runMain(
  async () => {
    const database = await openConfiguredDatabase(loadConfig());
    await migrateAll(database);
    await database.close();
    process.stdout.write(`Migrated (${database.kind})\n`);
  },
  { exitWhenDone: true },
);
