// Redis first, a fallback while it fails: said once when an outage begins and once when it ends, without keys or values.
import { loggableError } from './loggable-error';
import type { Logger } from './logger';

export interface OutageMessages {
  /** Logged (warn, with the error's class and code) at the first failure of an outage. */
  down: string;
  /** Logged (info) at the first success after it. */
  back: string;
}

/** Runs `command`; while it fails, answers `fallback()` instead. */
export type WithFallback = <T>(command: () => Promise<T>, fallback: () => T | Promise<T>) => Promise<T>;

export function redisWithFallback(log: Logger | undefined, messages: OutageMessages): WithFallback {
  let failing = false;
  return async (command, fallback) => {
    try {
      const result = await command();
      if (failing) log?.info(messages.back);
      failing = false;
      return result;
    } catch (error) {
      if (!failing) log?.warn(loggableError(error), messages.down);
      failing = true;
      return fallback();
    }
  };
}
