// Scenarios 1, 2 and 6: the suite's Redis restarted empty, killed with events not yet stored (AOF brings them back), and away while APQ lookups come in.
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { ErrorCode, createRedisAuditStream, loadConfig, redisKeys } from '@caregraph/platform';
import { tokenFor } from '@caregraph/platform/testing';
import { postById, sha256 } from '../../support/persisted';
import { pollUntil } from '../../support/poll';
import { codes } from '../../support/probes';
import type { FaultEnvironment } from '../support/environment';
import { reportedLag } from '../support/ledger-check';
import type { RequestRecord } from '../support/load';
import { beginScenario, codesOf, within, type Suite } from '../support/scenario';

/** Answers the load gets while Redis is away: the hand-off fails closed, retry later. */
const OUTAGE_CODES = [ErrorCode.ServiceUnavailable, ErrorCode.SubgraphUnavailable];
/** Load answers to wait for while the ledger writer is stopped: their events pile up in the stream. */
const PILED_UP_ANSWERS = 12;

/** A connection of the scenario's own to the suite's Redis, and the audit stream's lag as the platform reads it. */
async function withStream<T>(env: FaultEnvironment, use: (lag: () => Promise<number>) => Promise<T>): Promise<T> {
  const client = new Redis(env.redis.url, { maxRetriesPerRequest: 1 });
  const key = redisKeys(loadConfig({}).REDIS_PREFIX).auditStream;
  const stream = createRedisAuditStream(client, key);
  try {
    return await use(async () => {
      const { pending, undelivered } = await stream.lag();
      return pending + undelivered;
    });
  } finally {
    client.disconnect();
  }
}

/** Every code the load met from `from` on is one that says "retry later". */
function expectRetryableCodes(records: RequestRecord[], from: number) {
  for (const record of within(records, from, Number.POSITIVE_INFINITY)) {
    for (const code of codesOf(record)) expect(OUTAGE_CODES, `${record.requestId}: ${code}`).toContain(code);
  }
}

export async function redisRestartedEmpty(suite: Suite): Promise<void> {
  const { env } = suite;
  const scenario = await beginScenario(suite, '1', 'Redis restarted empty');
  await scenario.load.more(8);
  // What was handed off before the loss is stored first: an empty Redis loses what it held, by definition.
  await scenario.pauseLoad();
  await pollUntil(
    'the ledger writer to catch up',
    async () => (await reportedLag(env.services.baseOf('audit')))?.pending === 0,
  );
  scenario.faultBegins();
  await env.redis.kill();
  env.redis.forgetData();
  scenario.resumeLoad();
  await scenario.load.more(8);
  await env.redis.start();
  scenario.faultEnds();
  await scenario.recovered();
  await scenario.load.more(8);
  const { records, fault } = await scenario.finish();
  expectRetryableCodes(records, fault.start);
  // The writer's group is back, and the lag it reports is what the stream holds.
  const lag = await reportedLag(env.services.baseOf('audit'));
  expect(lag).toMatchObject({ pending: 0, undelivered: 0 });
}

export async function redisKilledWithPendingEvents(suite: Suite): Promise<void> {
  const { env } = suite;
  const audit = env.services.running('audit');
  const scenario = await beginScenario(suite, '2', 'Redis SIGKILL with events not yet stored');
  // The ledger writer (in the audit subgraph) is held: what the load hands off stays in the stream.
  audit.signal('SIGSTOP');
  try {
    await scenario.load.more(PILED_UP_ANSWERS);
    await scenario.pauseLoad();
    const pendingBefore = await withStream(env, (lag) => lag());
    expect(pendingBefore).toBeGreaterThan(0);
    scenario.faultBegins();
    await env.redis.kill();
    scenario.resumeLoad();
    await scenario.load.more(4);
    await env.redis.start();
    // Every entry acknowledged before the kill came back from the append-only file.
    expect(await withStream(env, (lag) => lag())).toBeGreaterThanOrEqual(pendingBefore);
  } finally {
    audit.signal('SIGCONT');
  }
  scenario.faultEnds();
  await scenario.recovered();
  const { records, fault } = await scenario.finish();
  expectRetryableCodes(records, fault.start);
}

/** A document of no patient's data, registered by hash: it runs without the audit hand-off. */
const APQ_QUERY = `query FaultApq { practitioners(first: 2) { nodes { id } } }`;

export async function apqDuringRedisOutage(suite: Suite): Promise<void> {
  const { env } = suite;
  const token = await tokenFor('reception@acme.test');
  const id = sha256(APQ_QUERY);
  const scenario = await beginScenario(suite, '6', 'APQ during a Redis outage');
  const registered = await postById(env.services.gatewayUrl, token, id, { query: APQ_QUERY });
  expect([registered.status, codes(registered)]).toEqual([200, []]);
  scenario.faultBegins();
  await env.redis.kill();
  const hashAlone = await postById(env.services.gatewayUrl, token, id);
  expect([hashAlone.status, codes(hashAlone)]).toEqual([200, [ErrorCode.PersistedQueryNotFound]]);
  const resent = await postById(env.services.gatewayUrl, token, id, { query: APQ_QUERY });
  expect([resent.status, codes(resent)]).toEqual([200, []]);
  expect(resent.body.data).toEqual(registered.body.data);
  await env.redis.start();
  scenario.faultEnds();
  await scenario.recovered();
  // Back with its data (AOF): the hash alone is found again once the gateway has reconnected.
  await pollUntil('the registered hash to be found again', async () => {
    const answer = await postById(env.services.gatewayUrl, token, id);
    return answer.status === 200 && codes(answer).length === 0;
  });
  const { records, fault } = await scenario.finish();
  expectRetryableCodes(records, fault.start);
}
