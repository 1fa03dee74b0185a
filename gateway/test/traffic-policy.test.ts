// The subgraph traffic policy against real HTTP: deadline, retries within the budget (queries only), breaker open and half-open.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, trafficSettings, type TrafficSettings } from '@caregraph/platform';
import { createTrafficPolicy, SubgraphUnavailableError } from '../src/traffic/policy';

type Mode = 'ok' | '503' | '500' | 'hang';
let mode: Mode = 'ok';
let received = 0;
let server: Server;
let url: string;
/** A port nothing listens on: fetch fails there with ECONNREFUSED. */
let closedUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    received++;
    req.resume();
    if (mode === 'hang') return;
    res.writeHead(mode === 'ok' ? 200 : Number(mode), { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { ok: true } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
afterEach(() => {
  mode = 'ok';
  received = 0;
  vi.useRealTimers();
});

const settings = (overrides: Partial<TrafficSettings> = {}): TrafficSettings => ({
  timeoutMs: 2000,
  retryAttempts: 2,
  retryBudgetPercent: 10,
  breakerFailureRate: 0.5,
  breakerWindowMs: 60_000,
  breakerMinRequests: 1000,
  breakerHalfOpenAfterMs: 5000,
  ...overrides,
});

/** An attempt that counts itself and posts to `target`. */
function attemptsTo(target: () => string) {
  const counter = { attempts: 0 };
  const attempt = (signal: AbortSignal) => {
    counter.attempts++;
    return fetch(target(), { method: 'POST', body: '{}', signal });
  };
  return { counter, attempt };
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  if (!(error instanceof SubgraphUnavailableError)) throw new Error(`expected SubgraphUnavailableError, got ${error}`);
  return error.reason;
}

async function succeed(policy: ReturnType<typeof createTrafficPolicy>, times: number): Promise<void> {
  const { attempt } = attemptsTo(() => url);
  for (let i = 0; i < times; i++) await policy.send(attempt, { retryable: true });
}

describe('the subgraph traffic policy', () => {
  it('retries a refused query twice once twenty successes have earned two retries', async () => {
    const policy = createTrafficPolicy(settings());
    await succeed(policy, 20);
    const { counter, attempt } = attemptsTo(() => closedUrl);
    expect(await reasonOf(policy.send(attempt, { retryable: true }))).toBe('unreachable');
    expect([counter.attempts, policy.report().retries]).toEqual([3, 2]);
  });

  it('never sends a mutation twice', async () => {
    const policy = createTrafficPolicy(settings());
    await succeed(policy, 20);
    const { counter, attempt } = attemptsTo(() => closedUrl);
    expect(await reasonOf(policy.send(attempt, { retryable: false }))).toBe('unreachable');
    expect([counter.attempts, policy.report().retries]).toEqual([1, 0]);
  });

  it('keeps retries within 10 % of the successes: 100 successes, then 30 refused queries make exactly 10 retries', async () => {
    const policy = createTrafficPolicy(settings());
    await succeed(policy, 100);
    const { counter, attempt } = attemptsTo(() => closedUrl);
    for (let i = 0; i < 30; i++) await reasonOf(policy.send(attempt, { retryable: true }));
    expect([counter.attempts, policy.report().retries]).toEqual([40, 10]);
  });

  it('does not retry before any success has earned a retry', async () => {
    const policy = createTrafficPolicy(settings());
    const { counter, attempt } = attemptsTo(() => closedUrl);
    await reasonOf(policy.send(attempt, { retryable: true }));
    expect(counter.attempts).toBe(1);
  });

  it('gives up on a subgraph that does not answer at the deadline, without retrying', async () => {
    mode = 'hang';
    const policy = createTrafficPolicy(settings({ timeoutMs: 200 }));
    const { counter, attempt } = attemptsTo(() => url);
    expect(await reasonOf(policy.send(attempt, { retryable: true }))).toBe('timeout');
    expect(counter.attempts).toBe(1);
  });

  it('opens the breaker once the window holds enough failures, then refuses without a request', async () => {
    mode = '503';
    const policy = createTrafficPolicy(settings({ retryAttempts: 0, breakerMinRequests: 4 }));
    const { attempt } = attemptsTo(() => url);
    for (let i = 0; i < 4; i++) expect(await reasonOf(policy.send(attempt, { retryable: true }))).toBe('HTTP 503');
    expect(policy.report().breaker).toBe('open');
    expect(await reasonOf(policy.send(attempt, { retryable: true }))).toBe('circuit open');
    expect([received, policy.report().refused]).toEqual([4, 1]);
  });

  it('counts answers of HTTP 500 as failures for the breaker but hands them on', async () => {
    mode = '500';
    const policy = createTrafficPolicy(settings({ retryAttempts: 0, breakerMinRequests: 2 }));
    const { attempt } = attemptsTo(() => url);
    expect((await policy.send(attempt, { retryable: true })).status).toBe(500);
    expect((await policy.send(attempt, { retryable: true })).status).toBe(500);
    expect(policy.report().breaker).toBe('open');
  });

  it('lets one probe through after the pause and closes again when it succeeds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    mode = '503';
    const policy = createTrafficPolicy(settings({ retryAttempts: 0, breakerMinRequests: 2 }));
    const { attempt } = attemptsTo(() => url);
    await reasonOf(policy.send(attempt, { retryable: true }));
    await reasonOf(policy.send(attempt, { retryable: true }));
    expect(await reasonOf(policy.send(attempt, { retryable: true }))).toBe('circuit open');
    mode = 'ok';
    vi.setSystemTime(Date.now() + 5001);
    expect((await policy.send(attempt, { retryable: true })).status).toBe(200);
    expect([policy.report().breaker, received]).toEqual(['closed', 3]);
  });
});

describe('the traffic policy settings', () => {
  it('reads each variable, then the subgraph’s entry of SUBGRAPH_TRAFFIC_POLICY over them', () => {
    const config = loadConfig({
      SUBGRAPH_TIMEOUT_MS: '3000',
      SUBGRAPH_RETRY_ATTEMPTS: '1',
      SUBGRAPH_RETRY_BUDGET_PERCENT: '20',
      SUBGRAPH_BREAKER_FAILURE_RATE: '0.25',
      SUBGRAPH_BREAKER_WINDOW_MS: '4000',
      SUBGRAPH_BREAKER_MIN_REQUESTS: '7',
      SUBGRAPH_BREAKER_HALF_OPEN_AFTER_MS: '900',
      SUBGRAPH_TRAFFIC_POLICY: '{"audit":{"timeoutMs":2000,"retryAttempts":0}}',
    });
    const common = {
      retryBudgetPercent: 20,
      breakerFailureRate: 0.25,
      breakerWindowMs: 4000,
      breakerMinRequests: 7,
      breakerHalfOpenAfterMs: 900,
    };
    expect(trafficSettings(config, 'patient')).toEqual({ timeoutMs: 3000, retryAttempts: 1, ...common });
    expect(trafficSettings(config, 'audit')).toEqual({ timeoutMs: 2000, retryAttempts: 0, ...common });
  });

  it.each([
    ['{"pharmacy":{"timeoutMs":2000}}', 'SUBGRAPH_TRAFFIC_POLICY: "pharmacy" is not a subgraph'],
    ['{"audit":{"timeout":2000}}', 'SUBGRAPH_TRAFFIC_POLICY'],
    ['not json', 'SUBGRAPH_TRAFFIC_POLICY: not JSON'],
  ])('refuses SUBGRAPH_TRAFFIC_POLICY=%s naming the variable', (value, message) => {
    expect(() => loadConfig({ SUBGRAPH_TRAFFIC_POLICY: value })).toThrow(message);
  });

  it('refuses a failure rate of 1 (the breaker could never open)', () => {
    expect(() => loadConfig({ SUBGRAPH_BREAKER_FAILURE_RATE: '1' })).toThrow('SUBGRAPH_BREAKER_FAILURE_RATE');
  });
});
