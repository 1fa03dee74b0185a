// One subgraph's traffic policy (cockatiel): a deadline per fetch, retries for queries within a budget, a circuit breaker.
import {
  BrokenCircuitError,
  CircuitState,
  ExponentialBackoff,
  SamplingBreaker,
  circuitBreaker,
  handleType,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';
import type { TrafficSettings } from '@caregraph/platform';
import { createRetryBudget } from './retry-budget';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Why a subgraph could not answer: the gateway turns it into SUBGRAPH_UNAVAILABLE. */
export class SubgraphUnavailableError extends Error {
  override name = 'SubgraphUnavailableError';
  constructor(
    readonly reason: 'timeout' | 'unreachable' | 'circuit open' | `HTTP ${number}`,
    /** Whether the subgraph certainly did not act on the request (so sending it again is safe). */
    readonly retryable = false,
  ) {
    super(`Subgraph unavailable: ${reason}`);
  }
}

export interface TrafficReport {
  breaker: BreakerState;
  /** Retries sent so far. */
  retries: number;
  /** Fetches refused without a request because the breaker was open. */
  refused: number;
}

export interface TrafficPolicy {
  /**
   * Runs `attempt` (one HTTP request, aborted by the signal at the deadline) through the breaker;
   * when `retryable` (a query), failures that left the subgraph untouched are tried again with
   * jittered exponential backoff while the budget and the deadline allow. Rejects with a
   * SubgraphUnavailableError when the subgraph could not answer.
   */
  send(attempt: (signal: AbortSignal) => Promise<Response>, options: { retryable: boolean }): Promise<Response>;
  report(): TrafficReport;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** Connection failures before any byte of the request was taken up (refused, or reset on a reused idle socket). */
const UNTOUCHED = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

export function createTrafficPolicy(settings: TrafficSettings): TrafficPolicy {
  const budget = createRetryBudget(settings.retryBudgetPercent);
  let refused = 0;
  const breaker = circuitBreaker(
    handleType(SubgraphUnavailableError).orWhenResult((response) => (response as Response).status >= 500),
    {
      halfOpenAfter: settings.breakerHalfOpenAfterMs,
      breaker: new SamplingBreaker({
        threshold: settings.breakerFailureRate,
        duration: settings.breakerWindowMs,
        // cockatiel counts a minimum rate over the window; ours is a minimum count in it.
        minimumRps: settings.breakerMinRequests / (settings.breakerWindowMs / 1000),
      }),
    },
  );
  const backoff = new ExponentialBackoff({
    initialDelay: 25,
    maxDelay: Math.min(500, Math.floor(settings.timeoutMs / 4)),
  });

  return {
    async send(attempt, { retryable }) {
      const deadline = AbortSignal.timeout(settings.timeoutMs);
      let failures = 0;
      const retries = retry(
        handleWhen(
          (error) =>
            retryable &&
            error instanceof SubgraphUnavailableError &&
            error.retryable &&
            ++failures <= settings.retryAttempts &&
            !deadline.aborted &&
            budget.take(),
        ),
        { maxAttempts: settings.retryAttempts, backoff },
      );
      try {
        const response = await wrap(retries, breaker).execute(() => once(attempt, deadline));
        if (failures === 0 && response.status < 500) budget.succeeded();
        return response;
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          refused++;
          throw new SubgraphUnavailableError('circuit open');
        }
        throw error;
      }
    },
    report: () => ({ breaker: STATES[breaker.state], retries: budget.spent, refused }),
  };
}

/**
 * One request: the deadline, transport failures (fetch's "fetch failed" TypeError) and
 * gateway-level statuses become SubgraphUnavailableError; anything else is rethrown as it is.
 */
async function once(attempt: (signal: AbortSignal) => Promise<Response>, deadline: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await attempt(deadline);
  } catch (error) {
    if (deadline.aborted) throw new SubgraphUnavailableError('timeout');
    if (!(error instanceof TypeError && error.message === 'fetch failed')) throw error;
    const code = (error.cause as { code?: string } | undefined)?.code ?? '';
    throw new SubgraphUnavailableError('unreachable', UNTOUCHED.has(code));
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    await response.body?.cancel();
    throw new SubgraphUnavailableError(`HTTP ${response.status}`, response.status !== 504);
  }
  return response;
}
