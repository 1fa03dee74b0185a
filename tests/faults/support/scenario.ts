// One fault scenario's frame: load before, during and after the fault, its window, recovery, the ledger check, the figures and the assertions every scenario makes.
import { expect } from 'vitest';
import { pollUntil } from '../../support/poll';
import { TRAFFIC, type FaultEnvironment } from './environment';
import { figuresOf, report, type FaultWindow } from './figures';
import { settledLedger, type LedgerBaseline, type LedgerCheck } from './ledger-check';
import { durationOf, sendRecorded, startLoad, unstableAnswers, type Load, type RequestRecord } from './load';
import { SUBGRAPH_NAMES, type SubgraphName } from '@caregraph/platform';

/** A bound on behaviour, not a speed test: generous on a busy two-core machine. */
const EPSILON_MS = 1500;
/** No request through the gateway may wait longer than this. */
export const REQUEST_BOUND_MS = TRAFFIC.SUBGRAPH_TIMEOUT_MS + EPSILON_MS;
/** How many answers a wait for recovery (or for the load to settle) may look at before giving up. */
const RECOVERY_REQUESTS = 1500;

export interface Suite {
  env: FaultEnvironment;
  /** doctor@acme.test: reads patients, appointments and prescriptions. */
  token: string;
  baseline: LedgerBaseline;
}

export interface Scenario {
  /** The load running now (a new one after each `resumeLoad`). */
  readonly load: Load;
  /** Stops the load after the requests it has in flight (its answers are kept). */
  pauseLoad(): Promise<void>;
  resumeLoad(): void;
  /** Marks the fault's beginning (after the load has had complete answers). */
  faultBegins(): void;
  faultEnds(): void;
  /** Resolves with the first complete answer of the load begun after the fault's end. */
  recovered(): Promise<RequestRecord>;
  /** Records made outside the load (probes of the load's query) that belong to the figures and the ledger check. */
  probes: RequestRecord[];
  /** Every answer so far (load and probes). */
  records(): RequestRecord[];
  /** Stops the load, waits for the ledger, prints and keeps the figures (with `notes`), and makes the common assertions. */
  finish(notes?: string): Promise<{ records: RequestRecord[]; ledger: LedgerCheck; fault: FaultWindow }>;
}

/** Starts the load and waits for its first complete answer. */
export async function beginScenario(suite: Suite, id: string, title: string): Promise<Scenario> {
  const { env, token, baseline } = suite;
  const done: RequestRecord[] = [];
  let load = startLoad(env.services.gatewayUrl, token);
  let paused = false;
  await load.next((record) => record.full, RECOVERY_REQUESTS);
  const fault: FaultWindow = { start: Number.NaN, end: Number.NaN };
  const probes: RequestRecord[] = [];
  const pauseLoad = async () => {
    if (paused) return;
    paused = true;
    done.push(...(await load.stop()));
  };
  return {
    get load() {
      return load;
    },
    pauseLoad,
    resumeLoad() {
      if (!paused) return;
      paused = false;
      load = startLoad(env.services.gatewayUrl, token);
    },
    probes,
    records: () => [...done, ...load.records, ...probes],
    faultBegins: () => void (fault.start = Date.now()),
    faultEnds: () => void (fault.end = Date.now()),
    recovered: () => load.next((record) => record.full && record.startedAt >= fault.end, RECOVERY_REQUESTS),
    async finish(notes) {
      await pauseLoad();
      const records = [...done, ...probes];
      const ledger = await settledLedger(env.sql, env.services.baseOf('audit'), records, baseline);
      report(figuresOf(id, title, records, fault, ledger, notes));
      expect(unstableAnswers(records), 'answers without a stable code').toEqual([]);
      const slow = records.filter((record) => durationOf(record) > REQUEST_BOUND_MS);
      expect(slow, `requests that waited longer than ${REQUEST_BOUND_MS} ms`).toEqual([]);
      expect(ledger.problems, `ledger against the answers; the audit service said:\n${auditTrouble(env)}`).toEqual([]);
      expect(ledger.found).toBe(ledger.expected);
      expect(env.services.unexpectedExits, 'processes that exited by themselves').toEqual([]);
      return { records, ledger, fault };
    },
  };
}

/** Records begun after `from` and ended before `to`: wholly inside a stretch of the fault. */
export const within = (records: RequestRecord[], from: number, to: number) =>
  records.filter((record) => record.startedAt >= from && record.endedAt <= to);

/** The codes of an answer's errors, each once. */
export const codesOf = (record: RequestRecord) => [...new Set(record.errors.map((error) => error.code))];

/** The gateway's readiness report (its breakers), whatever its status. */
async function gatewayReadiness(
  env: FaultEnvironment,
): Promise<{ status?: string; breakers?: Record<string, string> }> {
  try {
    const response = await fetch(`${env.services.gatewayBase}/health/ready`, { signal: AbortSignal.timeout(3000) });
    return (await response.json()) as { breakers?: Record<string, string> };
  } catch {
    return {};
  }
}

/** Waits (bounded) until the gateway reports `subgraph`'s breaker in `state`. */
export function breakerReaches(env: FaultEnvironment, subgraph: SubgraphName, state: 'open' | 'closed') {
  return pollUntil(`the ${subgraph} breaker to be ${state}`, async () => {
    return (await gatewayReadiness(env)).breakers?.[subgraph] === state;
  });
}

/**
 * Puts back what an earlier scenario may have left broken (a failed one stops half-way): Redis and
 * Postgres running, every process running and not stopped, no delay, a complete answer.
 */
export async function restoreHealth(suite: Suite): Promise<void> {
  const { env, token } = suite;
  env.proxy.delayMs = 0;
  if (!env.redis.running()) await env.redis.start();
  const postgresAnswers = await env.sql`select 1`.then(
    () => true,
    () => false,
  );
  if (!postgresAnswers) await env.cluster.start().catch(() => {});
  for (const name of [...SUBGRAPH_NAMES, 'gateway'] as const) {
    const service = env.services.running(name);
    if (service.alive()) service.signal('SIGCONT');
    else await env.services.start(name);
  }
  env.services.unexpectedExits.length = 0;
  for (let tries = 0; tries < 200; tries++) {
    if ((await sendRecorded(env.services.gatewayUrl, token)).full) return;
  }
  throw new Error('the services did not come back to complete answers');
}

/** The audit service's warnings and errors (JSON log lines at level 40 and above): why a ledger fell behind. */
function auditTrouble(env: Suite['env']): string {
  return env.services
    .running('audit')
    .output()
    .split('\n')
    .filter((line) => /"level":(4|5|6)0/.test(line))
    .join('\n');
}
