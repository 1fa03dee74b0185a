// Scenarios 4 and 9: processes signalled under load — SIGTERM drains the gateway and a subgraph (in-flight requests finish, exit 0); a SIGKILLed subgraph started again is all it takes to recover.
import { expect } from 'vitest';
import { SUBGRAPH_NAMES } from '@caregraph/platform';
import { identityOf, signedSubgraphRequest } from '@caregraph/platform/testing';
import { beginGet, postKeepAlive } from '../../support/http-connections';
import { pollUntil } from '../../support/poll';
import { DRAINING_MESSAGE } from '../../support/service-process';
import { holdTableLock } from '../../support/table-lock';
import { arrayLiteral } from '../support/ledger-check';
import { sendRecorded } from '../support/load';
import { beginScenario, type Suite } from '../support/scenario';

/** The prescription fetch is held this long: the requests are in flight when the signal comes. */
const HOLD_MS = 600;
const IN_FLIGHT = 3;

export async function gatewayTerminated(suite: Suite): Promise<void> {
  const { env, token } = suite;
  const scenario = await beginScenario(suite, '4a', 'SIGTERM to the gateway');
  // Paused so that the requests held at the proxy are these alone; it resumes once the signal is sent.
  await scenario.pauseLoad();
  env.proxy.delayMs = HOLD_MS;
  const inFlight = Array.from({ length: IN_FLIGHT }, () => sendRecorded(env.services.gatewayUrl, token));
  await pollUntil('the requests to reach the prescription fetch', async () => env.proxy.inFlight >= IN_FLIGHT);
  const readiness = await beginGet(`${env.services.gatewayBase}/health/ready`);

  const gateway = env.services.expectExit('gateway');
  const mark = gateway.mark();
  scenario.faultBegins();
  gateway.signal('SIGTERM');
  scenario.resumeLoad();
  await gateway.logged(DRAINING_MESSAGE, mark);
  expect(await readiness.finish()).toMatchObject({ status: 503, body: { status: 'draining' } });
  const answers = await Promise.all(inFlight);
  expect(answers.map((answer) => [answer.status, answer.full])).toEqual(answers.map(() => [200, true]));
  // The held requests were still in flight when the drain began (not answered before the signal).
  const drained = await gateway.logged('drained: every request in flight finished', mark);
  expect(drained.inFlight).toBeGreaterThanOrEqual(IN_FLIGHT);
  expect(await gateway.exited).toEqual({ code: 0, signal: null });
  env.proxy.delayMs = 0;

  await env.services.start('gateway');
  scenario.faultEnds();
  scenario.probes.push(...answers.map(({ data: _data, ...record }) => record));
  await scenario.recovered();
  await scenario.finish();
}

export async function subgraphTerminated(suite: Suite): Promise<void> {
  const { env } = suite;
  const scenario = await beginScenario(suite, '4b', 'SIGTERM to a subgraph');
  const base = env.services.baseOf('patient');
  const lock = await holdTableLock(env.cluster.url('caregraph'), 'patient.patient');
  const signed = await Promise.all(
    Array.from({ length: IN_FLIGHT }, () =>
      signedSubgraphRequest('patient', identityOf('doctor@acme.test'), {
        query: '{ patients(first: 1) { nodes { mrn } } }',
      }),
    ),
  );
  const inFlight = signed.map((request) => postKeepAlive(`${base}/graphql`, request.body, request.headers));
  await lock.waitedOn();
  const readiness = await beginGet(`${base}/health/ready`);

  const patient = env.services.expectExit('patient');
  const mark = patient.mark();
  scenario.faultBegins();
  patient.signal('SIGTERM');
  await patient.logged(DRAINING_MESSAGE, mark).finally(() => lock.end());
  expect(await readiness.finish()).toMatchObject({ status: 503, body: { status: 'draining', subgraph: 'patient' } });
  const answers = await Promise.all(inFlight);
  expect(answers.map((answer) => [answer.status, answer.body.errors, answer.body.data?.patients.nodes[0].mrn])).toEqual(
    answers.map(() => [200, undefined, 'ACME-000001']),
  );
  expect(await patient.exited).toEqual({ code: 0, signal: null });

  await env.services.start('patient');
  scenario.faultEnds();
  await scenario.recovered();
  await scenario.finish();
  // Each drained request's one Patient event was handed off before its answer left, and is in the ledger.
  const ids = signed.map((request) => request.requestId);
  await pollUntil('the drained requests to be in the ledger', async () => {
    const [row] = await env.sql<[{ events: number }]>`select count(*)::int as events from audit.access_event
      where request_id = any(${arrayLiteral(ids)}::text[])`;
    return row!.events === ids.length;
  });
}

export async function killedSubgraph(suite: Suite): Promise<void> {
  const { env } = suite;
  const others = [...SUBGRAPH_NAMES.filter((name) => name !== 'appointment'), 'gateway'] as const;
  const pidsBefore = others.map((name) => env.services.running(name).pid);
  const scenario = await beginScenario(suite, '9', 'SIGKILL to the appointment subgraph');
  await scenario.load.more(8);
  scenario.faultBegins();
  const appointment = env.services.expectExit('appointment');
  appointment.signal('SIGKILL');
  await appointment.exited;
  await env.services.start('appointment');
  scenario.faultEnds();
  await scenario.recovered();
  const { records, fault } = await scenario.finish();
  expect(others.map((name) => env.services.running(name).pid)).toEqual(pidsBefore);
  for (const record of records.filter((candidate) => candidate.startedAt >= fault.start && !candidate.full)) {
    expect(record.parts.Patient, record.requestId ?? '').toBe(true);
    expect(record.errors.map((error) => [error.code, error.subgraph])).toContainEqual([
      'SUBGRAPH_UNAVAILABLE',
      'appointment',
    ]);
  }
}
