// The structured logger: one JSON line per event, with PHI-free fields only.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { DestinationStream, Logger };

/** Writes to stdout, or to `destination` (tests read what was logged). */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  const options = { level, name, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}
