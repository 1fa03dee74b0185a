// A logger whose lines tests can read: pino's JSON lines, parsed, in the order they were written.
import { createLogger, type Logger } from '@caregraph/platform';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** pino's levels: 40 warn, 50 error, 60 fatal. */
export const WARN = 40;

export function capturedLog(level = 'info'): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = createLogger(level, 'test', {
    write(chunk: string) {
      for (const line of chunk.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
    },
  });
  return { log, lines };
}

/** The lines at `level` or above, as `[level, service, message]` (what a failing assertion shows). */
export function linesFrom(lines: LogLine[], level: number): Array<[number, unknown, string]> {
  return lines.filter((line) => line.level >= level).map((line) => [line.level, line.service, line.msg]);
}
