// `npm run migrate`: applies every subgraph's migrations to the configured database (needs nothing but the database).
import { migrateAll } from '@caregraph/gateway';
import { loadDatabaseScriptConfig, openConfiguredDatabase, runMain } from '@caregraph/platform';

runMain(
  async () => {
    const database = await openConfiguredDatabase(loadDatabaseScriptConfig());
    await migrateAll(database);
    await database.close();
    process.stdout.write(`Migrated (${database.kind})\n`);
  },
  { exitWhenDone: true },
);
