// With the database unreachable, the graph answers SERVICE_UNAVAILABLE (retryable) — never FORBIDDEN, never a DENIED or READ event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '@caregraph/gateway';
import {
  buildDemoData,
  createMemoryAuditStream,
  openDatabase,
  type AuditEvent,
  type AuditStream,
  type Database,
} from '@caregraph/platform';
import { TEST_SEED_PATIENTS, postGraphQL, tokenFor, type GraphQLResponse, freePort } from '@caregraph/platform/testing';
import { capturedLog } from './support/captured-log';
import { startTestPlatform } from './support/platform';
import { codes } from './support/probes';

const [acme] = buildDemoData(TEST_SEED_PATIENTS);
const doctorId = acme!.practitioners[0]!.id;
const treated = acme!.patients.find((p) =>
  acme!.careTeam.some((m) => m.patientId === p.id && m.practitionerId === doctorId),
)!;

let port: number;
let database: Database;
let platform: RunningPlatform;
/** Every event the subgraphs handed off, in order. */
const published: AuditEvent[] = [];
const { log, lines } = capturedLog('error');

beforeAll(async () => {
  // Nothing listens on this port: every connection attempt is refused.
  port = await freePort();
  database = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/caregraph`, poolMax: 2 });
  const memory = createMemoryAuditStream();
  const auditStream: AuditStream = {
    ...memory,
    async publish(events) {
      published.push(...events);
      await memory.publish(events);
    },
  };
  platform = await startTestPlatform(database, {}, log, { auditStream, runLedgerWriter: false });
});

afterAll(async () => {
  await platform?.stop();
  await database?.close();
});

async function ask(login: string, query: string, variables: Record<string, unknown>) {
  const before = published.length;
  const response = await postGraphQL(platform.gatewayUrl, { query, variables, token: await tokenFor(login) });
  return { response, events: published.slice(before) };
}

/** No SQL, address, port, driver code or stack in what the client gets. */
function expectNothingInternal(response: GraphQLResponse) {
  const text = JSON.stringify(response.body);
  for (const leak of ['select', 'insert', '127.0.0.1', String(port), 'ECONNREFUSED', 'postgres', 'at ', 'stack'])
    expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
}

describe('when the database cannot be reached', () => {
  it("answers a doctor's recordAllergy SERVICE_UNAVAILABLE, retryable, and ledgers it ATTEMPTED then FAILED", async () => {
    const { response, events } = await ask(
      'doctor@acme.test',
      `mutation($id: ID!) { recordAllergy(patientId: $id, input: { substance: "Latex", severity: MILD }) { id } }`,
      { id: treated.id },
    );
    expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(response.body.errors?.[0]?.extensions?.retryable).toBe(true);
    expect(response.body.data ?? null).toBeNull();
    expect(events.map((event) => [event.action, event.outcome, event.resourceType, event.resourceId])).toEqual([
      ['UPDATE', 'ATTEMPTED', 'Patient', treated.id],
      ['UPDATE', 'FAILED', 'Patient', treated.id],
    ]);
    expectNothingInternal(response);
  });

  it('answers a patient read SERVICE_UNAVAILABLE with no data and records no READ', async () => {
    const { response, events } = await ask(
      'doctor@acme.test',
      `query($id: ID!) { patient(id: $id) { id name { family } allergies { substance } } }`,
      { id: treated.id },
    );
    expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(response.body.errors?.[0]?.extensions?.retryable).toBe(true);
    expect(response.body.data?.patient ?? null).toBeNull();
    expect(events).toEqual([]);
    expectNothingInternal(response);
  });

  it('logs each failure by its connection code, with no value of the request', async () => {
    const logged = lines.filter((line) => line.msg === 'dependency unavailable');
    expect(logged.length).toBeGreaterThan(0);
    expect(new Set(logged.map((line) => line.code))).toEqual(new Set(['ECONNREFUSED']));
    expect(JSON.stringify(lines)).not.toContain('Latex');
    expect(JSON.stringify(lines)).not.toContain(treated.id);
  });
});
