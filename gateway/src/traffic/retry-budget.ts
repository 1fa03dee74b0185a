// A retry budget: retries may add at most a fixed share of the successful traffic to a subgraph.

/** At most this many retries are banked by a long healthy stretch (a burst allowance, then the ratio rules). */
const MAX_BANKED = 10;

export interface RetryBudget {
  /** A first attempt succeeded: earns `percent / 100` of a retry. */
  succeeded(): void;
  /** Takes one retry when one is left; false when the budget is spent. */
  take(): boolean;
  /** Retries taken so far. */
  readonly spent: number;
}

/**
 * Finagle's and gRPC's retry throttling in its simplest form: each success deposits a fraction
 * of a token, each retry withdraws a whole one. Over any stretch, retries ≤ percent × successes
 * (+ the few banked before it), so a failing subgraph is never hit with a multiple of its load.
 */
export function createRetryBudget(percent: number): RetryBudget {
  // In hundredths of a retry: whole numbers, so ten successes at 10 % make exactly one retry.
  let tokens = 0;
  let spent = 0;
  return {
    succeeded() {
      tokens = Math.min(MAX_BANKED * 100, tokens + percent);
    },
    take() {
      if (tokens < 100) return false;
      tokens -= 100;
      spent++;
      return true;
    },
    get spent() {
      return spent;
    },
  };
}
