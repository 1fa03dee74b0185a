// Entry points' common ending: run the body, print failures without SQL or values, exit non-zero.
import { ConfigError } from './config';
import { loggableError } from './loggable-error';

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
 * What a failed process prints: configuration errors as they are; anything else as
 * loggableError sees it (drizzle's message carries the SQL and its parameters, Postgres's may
 * quote values), then the stack's frames without the message the stack starts with.
 */
function describe(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const { errorClass, sqlState, code, message } = loggableError(error);
  const label = sqlState ? ` (SQLSTATE ${sqlState})` : code ? ` (${code})` : '';
  const frames = ((error as Error | undefined)?.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [`${errorClass}${label}: ${message}`, ...frames].join('\n');
}
