// Opens the database — Postgres through postgres.js, or embedded PGlite — behind one drizzle type.
import { mkdirSync } from 'node:fs';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';

/** The drizzle handle every repository uses; the same API over both drivers. */
export type AppDatabase = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction (or the database itself) that statements run on. */
export type Executor = AppDatabase;

export interface StatementStats {
  /** SQL statements sent through drizzle since the last reset (tests and benchmarks read it). */
  statements: number;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  db: AppDatabase;
  stats: StatementStats;
  /** Every tenant transaction's statements are cancelled after this long. */
  statementTimeoutMs: number;
  /** A read replica for read-only work (analytics), when DATABASE_READ_URL is set. */
  replica?: Database;
  /** The same connections with a statement counter of their own (background work that tests must not count). */
  withOwnStats(): Database;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; without it an embedded PGlite database is opened. */
  url?: string;
  /** PGlite data folder, or `memory://` for a throwaway database. */
  pgliteDir?: string;
  poolMax?: number;
  /** Default 5000. */
  statementTimeoutMs?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 5000;
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      connection: { application_name: 'caregraph' },
    });
    return handle(
      'postgres',
      (logger) => drizzlePostgres(client, { logger }),
      statementTimeoutMs,
      () => client.end({ timeout: 5 }),
    );
  }
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  // Loaded only when used: PGlite's WebAssembly build adds about 60 MB to a process that imports it,
  // and services on Postgres (the gateway among them) never do.
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const client = await PGlite.create(dir);
  return handle(
    'pglite',
    (logger) => drizzlePglite(client, { logger }),
    statementTimeoutMs,
    () => client.close(),
  );
}

type Logger = { logQuery(): void };

function handle(
  kind: Database['kind'],
  open: (logger: Logger) => unknown,
  statementTimeoutMs: number,
  close: () => Promise<void>,
): Database {
  const stats: StatementStats = { statements: 0 };
  const db = open({ logQuery: () => void stats.statements++ }) as AppDatabase;
  return {
    kind,
    db,
    stats,
    statementTimeoutMs,
    withOwnStats: () => handle(kind, open, statementTimeoutMs, async () => {}),
    close,
  };
}

/** Rows of a raw `db.execute` result: PGlite returns `{ rows }`, postgres.js an array. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** The configured database: DATABASE_URL when set, else embedded PGlite in `<DATA_DIR>/pglite`. */
export function openConfiguredDatabase(config: {
  DATABASE_URL?: string;
  DATA_DIR: string;
  DATABASE_POOL_MAX: number;
}): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: `${config.DATA_DIR}/pglite`,
    poolMax: config.DATABASE_POOL_MAX,
  });
}
