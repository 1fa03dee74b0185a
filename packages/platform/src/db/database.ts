// Opens the database — Postgres through postgres.js, or embedded PGlite — behind one drizzle type.
import { mkdirSync } from 'node:fs';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
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
  /**
   * Runs `work` in a transaction whose first statement is `first`. On Postgres, BEGIN and that
   * statement go to the server together, in one round trip (drizzle's transaction waits for
   * BEGIN before sending anything else).
   */
  transaction<T>(first: SQL, work: (tx: Executor) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>;
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
      (logger) => pipelinedTransaction(client, logger),
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
    (_logger, db) => drizzleTransaction(db),
    statementTimeoutMs,
    () => client.close(),
  );
}

type Logger = { logQuery(): void };
type Transaction = Database['transaction'];

/** drizzle's own transaction, `first` as its first statement (PGlite: no round trips to save). */
const drizzleTransaction =
  (db: AppDatabase): Transaction =>
  (first, work, options) =>
    db.transaction(
      async (tx) => {
        await tx.execute(first);
        return work(tx as unknown as Executor);
      },
      options?.readOnly ? { accessMode: 'read only' } : undefined,
    );

/**
 * A transaction on a reserved postgres.js connection: BEGIN and `first` are queued together, so
 * postgres.js writes them in one go (in order, on that one connection), then `work` runs
 * through a drizzle session on the same connection, then COMMIT (or ROLLBACK on any error).
 */
function pipelinedTransaction(client: postgres.Sql, logger: Logger): Transaction {
  const dialect = new PgDialect();
  return async (first, work, options) => {
    const { sql: text, params } = dialect.sqlToQuery(first);
    const connection = await client.reserve();
    try {
      logger.logQuery();
      await Promise.all([
        connection.unsafe(options?.readOnly ? 'begin read only' : 'begin').execute(),
        connection.unsafe(text, params as never[]).execute(),
      ]);
      // No nested transactions (savepoints) in tenant work: the session runs on the reserved connection.
      const session = new PostgresJsSession(connection, dialect, undefined, { logger: logger as never });
      const tx = new PostgresJsTransaction(dialect, session as never, undefined);
      const result = await work(tx as unknown as Executor);
      await connection.unsafe('commit');
      return result;
    } catch (error) {
      await connection.unsafe('rollback').catch(() => {});
      throw error;
    } finally {
      connection.release();
    }
  };
}

function handle(
  kind: Database['kind'],
  open: (logger: Logger) => unknown,
  transactionOf: (logger: Logger, db: AppDatabase) => Transaction,
  statementTimeoutMs: number,
  close: () => Promise<void>,
): Database {
  const stats: StatementStats = { statements: 0 };
  const logger = { logQuery: () => void stats.statements++ };
  const db = open(logger) as AppDatabase;
  return {
    kind,
    db,
    stats,
    statementTimeoutMs,
    transaction: transactionOf(logger, db),
    withOwnStats: () => handle(kind, open, transactionOf, statementTimeoutMs, async () => {}),
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
