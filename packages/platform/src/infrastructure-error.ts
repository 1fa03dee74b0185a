// Tells a dependency that cannot serve now (the database down, restarting, out of connections) from every other error.

/** Node's and postgres.js's codes for a connection that could not be made or was lost. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs outside class 08 of a server that cannot serve now: shut down, crashed, starting, full. */
const UNAVAILABLE_STATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);

type ErrorLike = { code?: unknown; severity?: unknown; cause?: unknown; originalError?: unknown };

function isUnavailable(error: ErrorLike): boolean {
  if (typeof error.code !== 'string') return false;
  // A database's own error (postgres.js PostgresError, PGlite DatabaseError) carries a severity and a SQLSTATE.
  if (typeof error.severity === 'string') return error.code.startsWith('08') || UNAVAILABLE_STATES.has(error.code);
  return CONNECTION_CODES.has(error.code);
}

/**
 * The error in `error`'s chain (drizzle's `cause`, GraphQL's `originalError`) that says a
 * dependency is unavailable, or undefined when none does.
 */
export function infrastructureFailureOf(error: unknown): object | undefined {
  let current = error as ErrorLike | null | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    if (isUnavailable(current)) return current;
    current = (current.originalError ?? current.cause) as ErrorLike | null | undefined;
  }
  return undefined;
}

/** Whether `error` (or what it wraps) is a dependency being unavailable: retryable, never a decision about access. */
export function isInfrastructureError(error: unknown): boolean {
  return infrastructureFailureOf(error) !== undefined;
}
