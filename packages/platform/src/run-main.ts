// Entry points' common ending: run the body, print failures without SQL or values, exit non-zero.
import { ConfigError } from './config';
import type { DrainReport } from './drain';
import { loggableError } from './loggable-error';
import type { Logger } from './logger';

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

/**
 * On SIGTERM or SIGINT runs `drain` once (listeners drained, then everything closed), logs what it
 * saw (counts only) and exits 0 when every request in flight finished, 1 when some had to be cut
 * or closing failed. A repeated signal meanwhile is ignored: npm passes a signal on, so one sent
 * to the whole process group (Ctrl-C) arrives twice.
 */
export function onShutdown(log: Logger, drain: () => Promise<DrainReport>): void {
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const drained = drain();
    // Logged once the listeners have stopped accepting (drain's first, synchronous steps).
    log.info({ signal }, 'draining: readiness answers 503, no new connections');
    drained.then(
      ({ inFlight, cut }) => {
        if (cut === 0) log.info({ inFlight }, 'drained: every request in flight finished');
        else log.error({ inFlight, cut }, 'drained: requests still in flight after SHUTDOWN_GRACE_MS were cut');
        process.exit(cut === 0 ? 0 : 1);
      },
      (error: unknown) => {
        log.error(loggableError(error), 'drain failed while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
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
