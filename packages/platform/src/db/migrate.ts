// Applies a subgraph's drizzle-kit migrations, after the app roles, the row-grant helper and the interfaces they need.
import { sql } from 'drizzle-orm';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../config';
import { rowsOf, type Database } from './database';
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

/**
 * Creates the one SQL helper every subgraph's row-level security policies call:
 * `caregraph.row_grant(kind, relation)`, true when the transaction's row settings (the row
 * policy's, see access/row-policy.ts) grant the caller `relation` on records of `kind`.
 */
async function ensureRowGrant(database: Database): Promise<void> {
  const roles = SUBGRAPH_NAMES.map(appRole).join(', ');
  await database.db.execute(
    sql.raw(`DO $$ BEGIN
      CREATE SCHEMA IF NOT EXISTS caregraph;
      IF to_regprocedure('caregraph.row_grant(text, text)') IS NULL THEN
        CREATE FUNCTION caregraph.row_grant(kind text, relation text) RETURNS boolean
          LANGUAGE sql STABLE PARALLEL SAFE
          AS $fn$ SELECT relation = ANY (string_to_array(current_setting('app.rows_' || kind, true), ',')) $fn$;
      END IF;
      GRANT USAGE ON SCHEMA caregraph TO ${roles};
    EXCEPTION WHEN duplicate_object OR duplicate_schema OR duplicate_function OR unique_violation THEN NULL;
    END $$`),
  );
}

/**
 * Refuses to migrate a subgraph before the interfaces its migrations and queries read from
 * other subgraphs exist (`schema.function(argument types)`, e.g. `patient.care_team_patients_v1()`).
 */
async function checkInterfaces(database: Database, subgraph: SubgraphName, requires: readonly string[]): Promise<void> {
  for (const signature of requires) {
    const [row] = rowsOf<{ present: boolean }>(
      await database.db.execute(sql`select to_regprocedure(${signature}) is not null as present`),
    );
    if (!row?.present) {
      const owner = signature.split('.')[0];
      throw new Error(
        `The ${subgraph} subgraph needs ${signature} from the ${owner} subgraph: migrate ${owner} first ` +
          '(npm run migrate applies every subgraph in order)',
      );
    }
  }
}

export interface MigrateOptions {
  /** Interfaces of other subgraphs this one reads (they must be migrated first). */
  requires?: readonly string[];
}

export async function migrateSubgraph(
  database: Database,
  subgraph: SubgraphName,
  migrationsFolder: string,
  { requires = [] }: MigrateOptions = {},
): Promise<void> {
  await ensureAppRoles(database);
  await ensureRowGrant(database);
  await checkInterfaces(database, subgraph, requires);
  const options = { migrationsFolder, migrationsSchema: MIGRATIONS_SCHEMA, migrationsTable: migrationsTable(subgraph) };
  if (database.kind === 'pglite') {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    await migratePglite(database.db as unknown as PgliteDatabase, options);
  } else {
    await migratePostgres(database.db as unknown as PostgresJsDatabase, options);
  }
}
