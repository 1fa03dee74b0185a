// Opens the database — Postgres through postgres.js, or embedded PGlite — behind one drizzle type.
import { mkdirSync } from 'node:fs';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import type { Config } from '../config';

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
  /** Every tenant transaction's statements are cancelled after this long (Postgres; PGlite cannot cancel). */
  statementTimeoutMs: number;
  /**
   * A read replica for read-only work (the analytics scope), when DATABASE_READ_URL is set: its
   * own postgres.js pool, counted in the same `stats`, closed with this database.
   */
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
  /** postgres:// URL of a read replica (only with `url`): read-only work runs there. */
  readUrl?: string;
  /** Connections per pool (the replica gets a pool of its own of this size). */
  poolMax?: number;
  /** Default 5000. */
  statementTimeoutMs?: number;
  /**
   * Postgres only, for tests: called with every row the server returns, each value with the
   * column it came from (the table's OID and attribute number; 0 for computed columns).
   */
  observeRows?: RowObserver;
}

/** A column of a returned row as Postgres describes it. */
export interface ReturnedColumn {
  name: string;
  /** OID of the table the value was read from, or 0 when it was computed. */
  table: number;
  /** The column's attribute number in that table (0 when computed). */
  number: number;
}

export type RowObserver = (row: Array<{ column: ReturnedColumn; value: unknown }>) => void;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const statementTimeoutMs = options.statementTimeoutMs ?? 5000;
  if (options.url) {
    const poolMax = options.poolMax ?? 10;
    const replica = options.readUrl ? postgresDriver(options.readUrl, poolMax, 'caregraph-read') : undefined;
    return handle(postgresDriver(options.url, poolMax, 'caregraph', options.observeRows), statementTimeoutMs, replica);
  }
  if (options.readUrl) throw new Error('A read replica (readUrl) needs a Postgres primary (url)');
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  // Loaded only when used: PGlite's WebAssembly build adds about 60 MB to a process that imports it,
  // and services on Postgres (the gateway among them) never do.
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const client = await PGlite.create(dir);
  return handle(
    {
      kind: 'pglite',
      open: (logger) => drizzlePglite(client, { logger }),
      transactionOf: (_logger, db) => drizzleTransaction(db),
      close: () => client.close(),
    },
    statementTimeoutMs,
  );
}

type Logger = { logQuery(): void };
type Transaction = Database['transaction'];

/** One set of connections: how to wrap them in drizzle, run a transaction on them, close them. */
interface Driver {
  kind: Database['kind'];
  open(logger: Logger): unknown;
  transactionOf(logger: Logger, db: AppDatabase): Transaction;
  close(): Promise<void>;
}

/** A postgres.js pool (connections are opened on first use). */
function postgresDriver(url: string, max: number, applicationName: string, observeRows?: RowObserver): Driver {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: applicationName },
    ...(observeRows && { transform: observingTransform(observeRows) }),
  });
  return {
    kind: 'postgres',
    open: (logger) => drizzlePostgres(client, { logger }),
    transactionOf: (logger) => pipelinedTransaction(client, logger),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * postgres.js hooks that hand each returned row to `observe`: the values of one row arrive one by
 * one (with their column), then the row; a row is parsed synchronously, so one buffer serves all connections.
 */
function observingTransform(observe: RowObserver) {
  let values: Array<{ column: ReturnedColumn; value: unknown }> = [];
  return {
    value: {
      from: (value: unknown, column: ReturnedColumn) => {
        values.push({ column: { name: column.name, table: column.table, number: column.number }, value });
        return value;
      },
    },
    row: {
      from: (row: unknown) => {
        observe(values);
        values = [];
        return row;
      },
    },
  };
}

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
 * Once the connection is gone (a Postgres restart), every later statement of the reservation,
 * the COMMIT included, is refused with CONNECTION_CLOSED rather than sent to the pool's new
 * backend (patches/postgres+3.4.9.patch); the pool opens a new connection when next needed.
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
  driver: Driver,
  statementTimeoutMs: number,
  replicaDriver?: Driver,
  stats: StatementStats = { statements: 0 },
): Database {
  const logger = { logQuery: () => void stats.statements++ };
  const db = driver.open(logger) as AppDatabase;
  const replica = replicaDriver && handle(replicaDriver, statementTimeoutMs, undefined, stats);
  const withoutClose = (of: Driver): Driver => ({ ...of, close: async () => {} });
  return {
    kind: driver.kind,
    db,
    stats,
    statementTimeoutMs,
    replica,
    transaction: driver.transactionOf(logger, db),
    withOwnStats: () => handle(withoutClose(driver), statementTimeoutMs, replicaDriver && withoutClose(replicaDriver)),
    close: async () => {
      await Promise.all([driver.close(), replica?.close()]);
    },
  };
}

/** Rows of a raw `db.execute` result: PGlite returns `{ rows }`, postgres.js an array. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * The configured database: DATABASE_URL when set, else embedded PGlite in `<DATA_DIR>/pglite`;
 * with DATABASE_READ_URL as its replica and DATABASE_STATEMENT_TIMEOUT_MS on every tenant transaction.
 */
export function openConfiguredDatabase(
  config: Pick<
    Config,
    'DATABASE_URL' | 'DATABASE_READ_URL' | 'DATA_DIR' | 'DATABASE_POOL_MAX' | 'DATABASE_STATEMENT_TIMEOUT_MS'
  >,
): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    readUrl: config.DATABASE_READ_URL,
    pgliteDir: `${config.DATA_DIR}/pglite`,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  });
}
