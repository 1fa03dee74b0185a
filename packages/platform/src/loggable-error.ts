// What a log line may say of an error: its class, SQL state and a message with every value taken out.

/** The fields an error contributes to a log line; none of them carries a value. */
export interface LoggableError {
  errorClass: string;
  /** Postgres SQLSTATE (`23505`, `22021`, `57014` …) when the database refused. */
  sqlState?: string;
  /** Any other string code the error carries (`ECONNREFUSED`, `ERR_…`). */
  code?: string;
  /** The first line of the database's (else the error's) message, quoted text and bytes replaced. */
  message: string;
  /** Schema objects the database names in its error: identifiers, never values. */
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  /** Where a system call failed (Node's system errors: `connect`, `listen` …): infrastructure, not values. */
  syscall?: string;
  address?: string;
  port?: number;
}

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  severity?: unknown;
  cause?: unknown;
  constructor?: { name?: string };
  [field: string]: unknown;
};

const MAX_MESSAGE = 300;
const QUOTED = /"(?:[^"]|"")*"|(?<!\w)'[^']*'(?!\w)/g;
const BYTES = /0x[0-9a-f]{2}(?:\s+0x[0-9a-f]{2})*/gi;
/** In messages not from the database: words with a digit (ids, numbers, dates, addresses). */
const WORD_WITH_DIGIT = /[^\s"'(),;<>]*\d[^\s"'(),;<>]*/g;

/** The database error (postgres.js PostgresError, PGlite DatabaseError) in `error`'s cause chain. */
function databaseErrorOf(error: unknown): ErrorLike | undefined {
  let current = error as ErrorLike | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (typeof current.code === 'string' && typeof current.severity === 'string') return current;
    current = current.cause as ErrorLike | undefined;
  }
  return undefined;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * `error` as loggable fields. A driver wraps the database's error in one whose message holds
 * the SQL and its parameters (patient data): the database's own error is used instead, and of
 * its message only the first line, cut before any `DETAIL` or `params:`, with every quoted
 * string (Postgres quotes values: `invalid input syntax for type uuid: "…"`) and byte sequence
 * replaced, except the identifiers the error names as its schema, table, column or constraint.
 * Other errors' messages follow no such rule, so every word with a digit in it goes as well; a
 * value spelt without quotes or digits (a name) cannot be told apart: never put one in a message.
 */
export function loggableError(error: unknown): LoggableError {
  const isObject = typeof error === 'object' && error !== null;
  const outer = (isObject ? error : {}) as ErrorLike;
  const database = databaseErrorOf(error);
  const names = database
    ? {
        schema: text(database.schema_name ?? database.schema),
        table: text(database.table_name ?? database.table),
        column: text(database.column_name ?? database.column),
        constraint: text(database.constraint_name ?? database.constraint),
      }
    : {};
  const identifiers = new Set(
    Object.values(names)
      .filter(Boolean)
      .map((name) => `"${name}"`),
  );
  const ctor = isObject ? outer.constructor?.name : undefined;
  const errorClass =
    ctor && ctor !== 'Error' && ctor !== 'Object'
      ? ctor
      : (text(outer.name) ?? (error === null ? 'null' : typeof error));
  // A driver's wrapper (drizzle's DrizzleQueryError: SQL and params) says nothing its cause does not.
  const wrapped = 'params' in outer && outer.cause ? (outer.cause as ErrorLike) : undefined;
  const source = database ?? wrapped ?? outer;
  const code = !database && typeof source.code === 'string' ? source.code : undefined;
  return {
    errorClass,
    ...(database ? { sqlState: database.code as string } : {}),
    ...(code ? { code } : {}),
    message: sanitizedMessage(typeof source.message === 'string' ? source.message : '', identifiers, !database),
    ...Object.fromEntries(Object.entries(names).filter(([, value]) => value !== undefined)),
    ...systemCallOf(source),
  };
}

function sanitizedMessage(message: string, identifiers: Set<string>, unstructured: boolean): string {
  const firstLine = message.split(/\r?\n/, 1)[0] ?? '';
  const cut = firstLine.split(/\s*\b(?:DETAIL|params):/, 1)[0] ?? '';
  const quotedOut = cut
    .replace(QUOTED, (quoted) => (identifiers.has(quoted) ? quoted : '<value>'))
    .replace(BYTES, '<bytes>');
  const redacted = (unstructured ? quotedOut.replace(WORD_WITH_DIGIT, '<value>') : quotedOut).trim();
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}…` : redacted;
}

/** A Node system error's call, address and port (`connect ECONNREFUSED 127.0.0.1:5432`). */
function systemCallOf(error: ErrorLike): Pick<LoggableError, 'syscall' | 'address' | 'port'> {
  if (typeof error.syscall !== 'string') return {};
  return {
    syscall: error.syscall,
    ...(typeof error.address === 'string' ? { address: error.address } : {}),
    ...(typeof error.port === 'number' ? { port: error.port } : {}),
  };
}
