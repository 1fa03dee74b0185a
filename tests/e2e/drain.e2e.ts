// Graceful drain on SIGTERM, through real processes: readiness 503 at once, no new connections, requests in flight finish within SHUTDOWN_GRACE_MS, exit 0 (1 when some had to be cut).
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisKeys } from '@caregraph/platform';
import {
  TEST_DATA_DIR,
  identityOf,
  signedSubgraphRequest,
  testDatabaseUrl,
  tokenFor,
  freePort,
  freePorts,
} from '@caregraph/platform/testing';
import { startHeldSubgraph } from '../support/held-subgraph';
import { beginGet, connectionError, postKeepAlive } from '../support/http-connections';
import { holdTableLock } from '../support/table-lock';
import { REDIS_URL, freshRedisPrefix, removeKeysUnder } from '../support/redis-keys';
import { startService, DRAINING_MESSAGE } from '../support/service-process';

const QUERY = '{ patients(first: 1) { nodes { mrn } } }';
const FIRST_PATIENT = { patients: { nodes: [{ mrn: 'ACME-000001' }] } };
/** What a process logs once its listeners drain (readiness already 503, no connection accepted). */

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The gateway alone (services mode) with `patientUrl` as its patient subgraph; no other subgraph runs. */
async function startGateway(patientUrl: string, env: NodeJS.ProcessEnv = {}) {
  const base = `http://127.0.0.1:${await freePort()}`;
  const nobody = async () => `http://127.0.0.1:${await freePort()}/graphql`;
  const gateway = startService('start:gateway', {
    DATA_DIR: TEST_DATA_DIR,
    GATEWAY_PORT: new URL(base).port,
    PATIENT_URL: patientUrl,
    APPOINTMENT_URL: await nobody(),
    PRESCRIPTION_URL: await nobody(),
    AUDIT_URL: await nobody(),
    ...env,
  });
  cleanups.push(() => gateway.kill());
  await gateway.logged('gateway listening');
  return { gateway, base };
}

/** Holds `table` (see holdTableLock) until the test releases it or ends. */
async function lockTable(table: string) {
  const lock = await holdTableLock(testDatabaseUrl(), table);
  cleanups.push(() => lock.end());
  return lock;
}

describe('SIGTERM drains the gateway (npm run start:gateway)', () => {
  it('finishes the request in flight while readiness answers 503 and new connections are refused, then exits 0', async () => {
    const subgraph = await startHeldSubgraph({ data: FIRST_PATIENT });
    cleanups.push(() => subgraph.close());
    const token = await tokenFor('doctor@acme.test');
    // Starts with only this stand-in up: the gateway reads a static supergraph and needs no subgraph to start.
    const { gateway, base } = await startGateway(subgraph.url);

    // Requests whose head is not finished yet: their connections are busy, not idle, when the drain begins.
    // Begun before the GraphQL request, so the gateway has read them by the time that one reaches the subgraph.
    const ready = await beginGet(`${base}/health/ready`);
    const live = await beginGet(`${base}/health/live`);
    const inFlight = postKeepAlive(`${base}/graphql`, JSON.stringify({ query: QUERY }), {
      authorization: `Bearer ${token}`,
    });
    await subgraph.received;

    gateway.signal('SIGTERM');
    await gateway.logged(DRAINING_MESSAGE);
    expect(await ready.finish()).toMatchObject({
      status: 503,
      headers: { connection: 'close' },
      body: { status: 'draining' },
    });
    expect(await live.finish()).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await connectionError(base)).toBe('ECONNREFUSED');

    subgraph.release();
    const answer = await inFlight;
    expect([answer.status, answer.headers.connection, answer.body.errors]).toEqual([200, 'close', undefined]);
    expect(answer.body.data).toEqual(FIRST_PATIENT);
    expect(await gateway.exited).toBe(0);
    expect(await gateway.logged('drained: every request in flight finished')).toMatchObject({ inFlight: 1 });
  }, 60_000);

  it('cuts a request still in flight after SHUTDOWN_GRACE_MS and exits 1', async () => {
    const subgraph = await startHeldSubgraph({ data: FIRST_PATIENT });
    cleanups.push(() => subgraph.close());
    const token = await tokenFor('doctor@acme.test');
    const { gateway, base } = await startGateway(subgraph.url, { SHUTDOWN_GRACE_MS: '500' });
    const inFlight = postKeepAlive(`${base}/graphql`, JSON.stringify({ query: QUERY }), {
      authorization: `Bearer ${token}`,
    });
    inFlight.catch(() => {});
    await subgraph.received; // and never released

    const signalled = Date.now();
    gateway.signal('SIGTERM');
    await expect(inFlight).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(500);
    expect(await gateway.exited).toBe(1);
    expect(await gateway.logged('drained: requests still in flight after SHUTDOWN_GRACE_MS were cut')).toMatchObject({
      inFlight: 1,
      cut: 1,
    });
  }, 60_000);
});

describe('SIGINT drains a subgraph (npm run start:patient)', () => {
  it('finishes the request in flight, its access events handed off, and exits 0 (Ctrl-C: npm and node both get it)', async () => {
    const prefix = freshRedisPrefix('drain');
    const redis = new Redis(REDIS_URL);
    cleanups.push(async () => {
      await removeKeysUnder(redis, prefix);
      redis.disconnect();
    });
    const base = `http://127.0.0.1:${await freePort()}`;
    const patient = startService('start:patient', {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: TEST_DATA_DIR,
      PATIENT_PORT: new URL(base).port,
    });
    cleanups.push(() => patient.kill());
    await patient.logged('patient subgraph listening');

    const lock = await lockTable('patient.patient');
    const ready = await beginGet(`${base}/health/ready`);
    const signed = await signedSubgraphRequest('patient', identityOf('doctor@acme.test'), { query: QUERY });
    const inFlight = postKeepAlive(`${base}/graphql`, signed.body, signed.headers);
    await lock.waitedOn();

    patient.signal('SIGINT', 'group');
    await patient.logged(DRAINING_MESSAGE);
    expect(await ready.finish()).toMatchObject({ status: 503, body: { status: 'draining', subgraph: 'patient' } });
    expect(await connectionError(base)).toBe('ECONNREFUSED');

    await lock.release();
    const answer = await inFlight;
    expect([answer.status, answer.headers.connection, answer.body.errors]).toEqual([200, 'close', undefined]);
    expect(answer.body.data).toEqual(FIRST_PATIENT);
    expect(await patient.exited).toBe(0);

    // Handed off before the response left: the request's events wait in the stream for a ledger writer.
    const entries = await redis.xrange(redisKeys(prefix).auditStream, '-', '+');
    const events = entries.flatMap(([, fields]) => JSON.parse(fields[1]!) as Array<{ requestId: string }>);
    expect(events.filter((event) => event.requestId === signed.requestId).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('SIGTERM drains `npm start` (everything in one process)', () => {
  it('drains the gateway while its subgraphs still answer, stores the access events, and exits 0', async () => {
    const ports = await freePorts(5);
    const names = ['GATEWAY_PORT', 'PATIENT_PORT', 'APPOINTMENT_PORT', 'PRESCRIPTION_PORT', 'AUDIT_PORT'];
    // No REDIS_URL: access events go through the in-process queue, lost unless stored before the exit.
    const platform = startService('start', {
      ...Object.fromEntries(names.map((name, i) => [name, String(ports[i])])),
      DATABASE_URL: testDatabaseUrl(),
      DATA_DIR: TEST_DATA_DIR,
      SEED_ON_START: 'never',
    });
    cleanups.push(() => platform.kill());
    const [, gatewayUrl] = await platform.printed(/Gateway\s+(http:\/\/\S+\/graphql)/);
    const base = new URL(gatewayUrl!).origin;
    const token = await tokenFor('doctor@acme.test');

    const lock = await lockTable('patient.patient');
    const ready = await beginGet(`${base}/health/ready`);
    const inFlight = postKeepAlive(gatewayUrl!, JSON.stringify({ query: QUERY }), { authorization: `Bearer ${token}` });
    await lock.waitedOn();

    platform.signal('SIGTERM');
    await platform.logged(DRAINING_MESSAGE);
    expect(await ready.finish()).toMatchObject({ status: 503, body: { status: 'draining' } });
    expect(await connectionError(base)).toBe('ECONNREFUSED');

    await lock.release();
    const answer = await inFlight;
    expect([answer.status, answer.body.errors]).toEqual([200, undefined]);
    expect(answer.body.data).toEqual(FIRST_PATIENT);
    expect(await platform.exited).toBe(0);

    const requestId = answer.headers['x-request-id'] as string;
    const stored = await lock.sql`select resource_type, action, fields from audit.access_event
      where request_id = ${requestId}`;
    expect(stored.map((row) => ({ ...row }))).toEqual([{ resource_type: 'Patient', action: 'READ', fields: ['mrn'] }]);
  }, 90_000);
});
