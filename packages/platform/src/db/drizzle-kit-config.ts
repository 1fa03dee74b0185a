// The drizzle-kit configuration every subgraph uses: its own Postgres schema and migrations table.
import type { Config } from 'drizzle-kit';
import type { SubgraphName } from '../config';
import { MIGRATIONS_SCHEMA, migrationsTable } from './migration-names';

export function subgraphDrizzleConfig(name: SubgraphName): Config {
  return {
    dialect: 'postgresql',
    schema: './src/db/schema.ts',
    out: './migrations',
    schemaFilter: [name],
    migrations: { schema: MIGRATIONS_SCHEMA, table: migrationsTable(name) },
    dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/caregraph' },
  };
}
