// Scenarios 7 and 8: a dead and a slow prescription subgraph behind the gateway's breaker — partial data at once, no fetches while open, recovery through half-open probes.
import { expect } from 'vitest';
import { ErrorCode } from '@caregraph/platform';
import { TRAFFIC } from '../support/environment';
import { LOAD_CLIENTS, durationOf, type RequestRecord } from '../support/load';
import { beginScenario, breakerReaches, within, type Scenario, type Suite } from '../support/scenario';

/** Answers looked at while the breaker is open. */
const WHILE_OPEN = 20;
/** The slow subgraph's added delay: three times the gateway's deadline. */
const SLOW_MS = 3 * TRAFFIC.SUBGRAPH_TIMEOUT_MS;

/** Patients and appointments arrived; prescriptions are SUBGRAPH_UNAVAILABLE naming the subgraph, at their path. */
function expectPrescriptionsUnavailable(records: RequestRecord[]): void {
  for (const record of records) {
    expect(record.parts, record.requestId ?? '').toEqual({ Patient: true, Appointment: true, Prescription: false });
    expect(record.errors.length).toBeGreaterThan(0);
    for (const error of record.errors) {
      expect(error).toMatchObject({ code: ErrorCode.SubgraphUnavailable, subgraph: 'prescription' });
      expect(error.path).toMatch(/^patients\.nodes\.(\d+|@)\.appointments\.nodes\.(\d+|@)(\.prescriptions)?$/);
    }
  }
}

/**
 * Watches WHILE_OPEN answers once the breaker has opened: each fails at once (no deadline waited
 * for), and the subgraph sees no more fetches than the half-open probes the time allowed.
 */
async function expectOpenBreakerRefuses(suite: Suite, scenario: Scenario) {
  const { env } = suite;
  await breakerReaches(env, 'prescription', 'open');
  const opened = Date.now();
  const fetchesBefore = env.proxy.received;
  const from = scenario.load.records.length;
  await scenario.load.more(WHILE_OPEN);
  const whileOpen = scenario.load.records.slice(from);
  const fetches = env.proxy.received - fetchesBefore;
  const probesAllowed = Math.ceil((Date.now() - opened) / TRAFFIC.SUBGRAPH_BREAKER_HALF_OPEN_AFTER_MS) + 1;
  expectPrescriptionsUnavailable(whileOpen);
  expect(fetches, `fetches to the subgraph during ${whileOpen.length} requests`).toBeLessThanOrEqual(probesAllowed);
  expect(fetches).toBeLessThan(whileOpen.length);
  return { whileOpen, fetches, opened };
}

export async function deadSubgraph(suite: Suite): Promise<void> {
  const { env } = suite;
  const scenario = await beginScenario(suite, '7', 'dead subgraph, circuit breaker');
  scenario.faultBegins();
  const prescription = env.services.expectExit('prescription');
  prescription.signal('SIGKILL');
  await prescription.exited;
  const { whileOpen } = await expectOpenBreakerRefuses(suite, scenario);
  // A refused connection is quick anyway: "at once" here means well inside the deadline.
  expect(whileOpen.filter((record) => durationOf(record) >= TRAFFIC.SUBGRAPH_TIMEOUT_MS)).toEqual([]);
  await env.services.start('prescription');
  scenario.faultEnds();
  await breakerReaches(env, 'prescription', 'closed');
  await scenario.recovered();
  const { records, fault } = await scenario.finish();
  expectPrescriptionsUnavailable(within(records, fault.start, fault.end).filter((record) => !record.full));
}

export async function slowSubgraph(suite: Suite): Promise<void> {
  const { env } = suite;
  const scenario = await beginScenario(suite, '8', `slow subgraph (+${SLOW_MS} ms)`);
  scenario.faultBegins();
  env.proxy.delayMs = SLOW_MS;
  const { whileOpen, fetches, opened } = await expectOpenBreakerRefuses(suite, scenario);
  // Open: a request sent once it had opened waits for the deadline only on a half-open probe —
  // its own, or another client's whose decision the breaker makes it wait for (cockatiel holds
  // calls during a probe). So each fetch that reached the subgraph lets at most one request per
  // client wait: a bound in fetches, not in the share of answers (how many probes fit depends
  // on the time taken). Answers sent before it opened may have waited anyway.
  const sentOpen = whileOpen.filter((record) => record.startedAt >= opened);
  const waited = sentOpen.filter((record) => durationOf(record) >= TRAFFIC.SUBGRAPH_TIMEOUT_MS);
  expect(sentOpen.length).toBeGreaterThanOrEqual(WHILE_OPEN - LOAD_CLIENTS);
  expect(waited.length).toBeLessThanOrEqual(fetches * LOAD_CLIENTS);
  env.proxy.delayMs = 0;
  scenario.faultEnds();
  await breakerReaches(env, 'prescription', 'closed');
  await scenario.recovered();
  const { records, fault } = await scenario.finish();
  expectPrescriptionsUnavailable(within(records, fault.start, fault.end).filter((record) => !record.full));
}
