// Entry points' common ending: run the body, print failures without SQL or values, exit non-zero.
import { ConfigError } from './config';

/** Runs a process's main body; `exitWhenDone` ends one-shot scripts once the body resolves. */
export function runMain(body: () => Promise<void>, { exitWhenDone = false } = {}): void {
  body().then(
    () => {
      if (exitWhenDone) process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${describe(error)}\n`);
      process.exit(1);
    },
  );
}

/** Stops gracefully on SIGTERM or SIGINT (close listeners, then connections), then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  const handler = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/**
 * What a failed process prints: configuration errors as they are; a database error by the
 * driver's own message and SQLSTATE only (drizzle's message carries the SQL and its
 * parameters, which may be patient data); anything else with its stack.
 */
function describe(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  if (cause?.code) return `Database error ${cause.code}: ${cause.message ?? ''}`;
  return (error as Error).stack ?? String(error);
}
