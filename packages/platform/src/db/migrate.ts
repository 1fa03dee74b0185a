// Applies a subgraph's drizzle-kit migrations, after making sure the app roles they grant to exist.
import { sql } from 'drizzle-orm';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../config';
import type { Database } from './database';
import { MIGRATIONS_SCHEMA, migrationsTable } from './migration-names';
import { appRole } from './tenant';

/**
 * Creates the four NOLOGIN app roles if missing and lets the connecting user switch to them.
 * Migrations GRANT to these roles, so they must exist first (drizzle-kit emits no GRANTs).
 */
async function ensureAppRoles(database: Database): Promise<void> {
  for (const subgraph of SUBGRAPH_NAMES) {
    const role = appRole(subgraph);
    await database.db.execute(
      sql.raw(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
          CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT ${role} TO %I', current_user);
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`),
    );
  }
}

export async function migrateSubgraph(
  database: Database,
  subgraph: SubgraphName,
  migrationsFolder: string,
): Promise<void> {
  await ensureAppRoles(database);
  const options = { migrationsFolder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: migrationsTable(subgraph) };
  if (database.kind === 'pglite') {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    await migratePglite(database.db as unknown as PgliteDatabase, options);
  } else {
    await migratePostgres(database.db as unknown as PostgresJsDatabase, options);
  }
}
