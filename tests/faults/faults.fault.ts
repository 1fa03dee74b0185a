// The fault suite: each scenario breaks one thing under a small load (services mode, the suite's own Postgres cluster and Redis) and checks answers, recovery and the ledger.
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { tokenFor } from '@caregraph/platform/testing';
import { pollUntil } from '../support/poll';
import { badManifestReload } from './scenarios/documents';
import { postgresRestarts } from './scenarios/postgres';
import { gatewayTerminated, killedSubgraph, subgraphTerminated } from './scenarios/processes';
import { apqDuringRedisOutage, redisKilledWithPendingEvents, redisRestartedEmpty } from './scenarios/redis';
import { deadSubgraph, slowSubgraph } from './scenarios/traffic';
import { startFaultEnvironment } from './support/environment';
import { writeFigures } from './support/figures';
import { drainedLag, measureBaseline, reportedLag } from './support/ledger-check';
import { sendRecorded } from './support/load';
import { restoreHealth, type Suite } from './support/scenario';

/** Complete answers the ledger baseline is measured from. */
const BASELINE_REQUESTS = 4;

const suite = {} as Suite;

beforeAll(async () => {
  suite.env = await startFaultEnvironment();
  suite.token = await tokenFor('doctor@acme.test');
  const records = [];
  for (let i = 0; i < BASELINE_REQUESTS; i++) {
    const { data: _data, ...record } = await sendRecorded(suite.env.services.gatewayUrl, suite.token);
    records.push(record);
  }
  await pollUntil('the ledger writer to store the baseline', async () =>
    drainedLag(await reportedLag(suite.env.services.baseOf('audit'))),
  );
  suite.baseline = await measureBaseline(suite.env.sql, records);
}, 300_000);

afterAll(async () => {
  for (const line of writeFigures()) console.log(line);
  await suite.env?.teardown();
});

describe('fault suite', () => {
  beforeEach(() => restoreHealth(suite), 180_000);

  it('1: Redis restarted empty — the ledger writer recreates its group and reports a true lag', () =>
    redisRestartedEmpty(suite));
  it('2: Redis SIGKILLed with events not yet stored — every one reaches the ledger (AOF appendfsync always)', () =>
    redisKilledWithPendingEvents(suite));
  it('3: Postgres restarted twice — processes reconnect, outage answers are retryable, never DENIED', () =>
    postgresRestarts(suite));
  it('4a: SIGTERM to the gateway drains in-flight requests and exits 0', () => gatewayTerminated(suite));
  it('4b: SIGTERM to a subgraph drains in-flight requests and exits 0', () => subgraphTerminated(suite));
  it('5: SIGHUP with a broken manifest keeps the previous manifests', () => badManifestReload(suite));
  it('6: APQ during a Redis outage misses, never 500', () => apqDuringRedisOutage(suite));
  it('7: a dead subgraph opens its breaker; partial data at once; closes after restart', () => deadSubgraph(suite));
  it('8: a slow subgraph opens its breaker; nothing waits past the deadline once open', () => slowSubgraph(suite));
  it('9: a SIGKILLed subgraph started again is all it takes to recover', () => killedSubgraph(suite));
});
