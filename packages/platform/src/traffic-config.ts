// The gateway's per-subgraph traffic policy settings: defaults from variables, overrides per subgraph.
import { z } from 'zod';

/** One subgraph's timeout, retries and circuit breaker. */
export interface TrafficSettings {
  /** Deadline of one subgraph fetch, retries included. */
  timeoutMs: number;
  /** Retries after the first attempt (queries only; 0 turns retries off). */
  retryAttempts: number;
  /** Retries may add at most this share of the subgraph's successful fetches (per cent). */
  retryBudgetPercent: number;
  /** Share of failed fetches within the window that opens the breaker (0–1, exclusive). */
  breakerFailureRate: number;
  /** The breaker's rolling window. */
  breakerWindowMs: number;
  /** Fetches the window must hold before the breaker may open. */
  breakerMinRequests: number;
  /** How long an open breaker refuses before letting one probe through (half-open). */
  breakerHalfOpenAfterMs: number;
}

const timeoutMs = z.coerce.number().int().min(100).max(120_000);
const retryAttempts = z.coerce.number().int().min(0).max(5);
const retryBudgetPercent = z.coerce.number().int().min(0).max(100);
const breakerFailureRate = z.coerce.number().gt(0).lt(1);
const breakerWindowMs = z.coerce.number().int().min(1000).max(600_000);
const breakerMinRequests = z.coerce.number().int().min(1).max(1_000_000);
const breakerHalfOpenAfterMs = z.coerce.number().int().min(100).max(600_000);

const override = z
  .object({
    timeoutMs,
    retryAttempts,
    retryBudgetPercent,
    breakerFailureRate,
    breakerWindowMs,
    breakerMinRequests,
    breakerHalfOpenAfterMs,
  })
  .partial()
  .strict();

/** Keyed by subgraph name (the configuration schema refuses names that are not subgraphs). */
const overrides = z.record(z.string(), override);

/** `{"audit": {"timeoutMs": 2000}}`: JSON, checked key by key; blank means no overrides. */
const overridesJson = z
  .string()
  .default('')
  .transform((value, ctx) => {
    if (!value.trim()) return {};
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON (expected {"<subgraph>": {"timeoutMs": …}, …})' });
      return z.NEVER;
    }
  })
  .pipe(overrides);

/** The variables (spread into the configuration schema; documented in .env.example). */
export const trafficVariables = {
  SUBGRAPH_TIMEOUT_MS: timeoutMs.default(10_000),
  SUBGRAPH_RETRY_ATTEMPTS: retryAttempts.default(2),
  SUBGRAPH_RETRY_BUDGET_PERCENT: retryBudgetPercent.default(10),
  SUBGRAPH_BREAKER_FAILURE_RATE: breakerFailureRate.default(0.5),
  SUBGRAPH_BREAKER_WINDOW_MS: breakerWindowMs.default(10_000),
  SUBGRAPH_BREAKER_MIN_REQUESTS: breakerMinRequests.default(10),
  SUBGRAPH_BREAKER_HALF_OPEN_AFTER_MS: breakerHalfOpenAfterMs.default(5000),
  SUBGRAPH_TRAFFIC_POLICY: overridesJson,
};

type TrafficVariables = { [K in keyof typeof trafficVariables]: z.infer<(typeof trafficVariables)[K]> };

/** A subgraph's settings: the defaults, then its entry in SUBGRAPH_TRAFFIC_POLICY. */
export function trafficSettings(config: TrafficVariables, subgraph: string): TrafficSettings {
  return {
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    retryAttempts: config.SUBGRAPH_RETRY_ATTEMPTS,
    retryBudgetPercent: config.SUBGRAPH_RETRY_BUDGET_PERCENT,
    breakerFailureRate: config.SUBGRAPH_BREAKER_FAILURE_RATE,
    breakerWindowMs: config.SUBGRAPH_BREAKER_WINDOW_MS,
    breakerMinRequests: config.SUBGRAPH_BREAKER_MIN_REQUESTS,
    breakerHalfOpenAfterMs: config.SUBGRAPH_BREAKER_HALF_OPEN_AFTER_MS,
    ...config.SUBGRAPH_TRAFFIC_POLICY[subgraph],
  };
}
