// Scenario 3: the suite's Postgres restarted under load, twice — no process exits, outage answers are SERVICE_UNAVAILABLE (never FORBIDDEN), a change during it is never ledgered as DENIED.
import { expect } from 'vitest';
import { ErrorCode, buildDemoData } from '@caregraph/platform';
import { FAULT_SEED_PATIENTS } from '../support/environment';
import { arrayLiteral } from '../support/ledger-check';
import { sendRecorded, type RequestRecord } from '../support/load';
import { beginScenario, codesOf, within, type Suite } from '../support/scenario';
import type { StopMode } from '../../support/pg-cluster';

const ALLERGY = /* GraphQL */ `
  mutation FaultAllergy($patientId: ID!) {
    recordAllergy(patientId: $patientId, input: { substance: "Latex", severity: MILD }) {
      id
    }
  }
`;
/** A patient doctor@acme.test treats (the seed's first). */
const PATIENT_ID = buildDemoData(FAULT_SEED_PATIENTS)[0]!.patients[0]!.id;
/** Changes sent one after another while a restart runs, at most. */
const MAX_CHANGES = 60;
/** What an answer may say while the database is away: retry later. */
const RETRYABLE = [ErrorCode.ServiceUnavailable, ErrorCode.SubgraphUnavailable];

/** Sends the change again and again until `restart` has settled (or MAX_CHANGES were sent). */
async function changesDuring(suite: Suite, restart: Promise<void>): Promise<RequestRecord[]> {
  let settled = false;
  const restarted = restart.finally(() => (settled = true));
  const changes: RequestRecord[] = [];
  while (!settled && changes.length < MAX_CHANGES) {
    const { data: _data, ...record } = await sendRecorded(suite.env.services.gatewayUrl, suite.token, {
      query: ALLERGY,
      variables: { patientId: PATIENT_ID },
    });
    changes.push(record);
  }
  await restarted;
  return changes;
}

async function restartRound(suite: Suite, round: string, mode: StopMode): Promise<void> {
  const { env } = suite;
  const scenario = await beginScenario(suite, `3${round}`, `Postgres restart -m ${mode}`);
  await scenario.load.more(8);
  scenario.faultBegins();
  const changes = await changesDuring(suite, env.cluster.restart(mode));
  scenario.faultEnds();
  await scenario.recovered();
  const refusedChanges = changes.filter((change) => change.errors.length > 0);
  const { records, fault } = await scenario.finish(
    `recordAllergy during the restart ${changes.length}, refused ${refusedChanges.length} ${JSON.stringify(refusedChanges.flatMap(codesOf))}`,
  );

  for (const record of [...within(records, fault.start, Number.POSITIVE_INFINITY), ...changes]) {
    for (const code of codesOf(record)) expect(RETRYABLE, `${record.requestId}: ${code}`).toContain(code);
  }
  const ids = changes.flatMap((change) => (change.requestId ? [change.requestId] : []));
  const denied = await env.sql`select request_id, action, outcome from audit.access_event
    where request_id = any(${arrayLiteral(ids)}::text[]) and (action = 'DENIED' or outcome = 'DENIED')`;
  expect(denied, 'changes ledgered as DENIED').toEqual([]);
  for (const name of ['patient', 'appointment', 'prescription', 'audit', 'gateway'] as const) {
    expect(env.services.running(name).alive(), `${name} still runs`).toBe(true);
  }
}

/** Twice in a row: postgres.js's crash on a lost reserved connection showed on the second restart. */
export async function postgresRestarts(suite: Suite): Promise<void> {
  await restartRound(suite, 'a', 'fast');
  await restartRound(suite, 'b', 'immediate');
}
