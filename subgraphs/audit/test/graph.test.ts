// The audit subgraph served over HTTP: ledger queries, the integrity check, access rules and the writer's lag in readiness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSERTION_HEADER,
  createLogger,
  createMemoryAuditStream,
  listen,
  newId,
  type Database,
  type Identity,
  type Listening,
  type SubgraphApp,
} from '@caregraph/platform';
import { TEST_SUBGRAPH_SETTINGS, openTestDatabase, postGraphQL } from '@caregraph/platform/testing';
import { appendEvents } from '../src/ledger';
import { createAuditSubgraph } from '../src/server';
import { accessEventOf, callerOf, freshTenant } from './fixtures';

let database: Database;
let subgraph: SubgraphApp;
let listening: Listening;

/**
 * A fresh clinic with three events: a doctor and a receptionist reading Alice, a receptionist
 * reading Bob. Each test gets its own: the platform records the tests' own ledger reads too.
 */
async function clinic() {
  const tenantId = freshTenant();
  const [alice, bob, practitionerId] = [newId(), newId(), newId()];
  await appendEvents(database, [
    accessEventOf(tenantId, { patientId: alice, actorId: practitionerId, actorRoles: ['doctor'] }),
    accessEventOf(tenantId, { patientId: bob, actorId: 'reception-1', actorRoles: ['receptionist'] }),
    accessEventOf(tenantId, { patientId: alice, actorId: 'reception-1', actorRoles: ['receptionist'] }),
  ]);
  return {
    alice,
    bob,
    practitionerId,
    auditor: callerOf(tenantId, ['auditor']),
    patientAlice: callerOf(tenantId, ['patient'], { userId: 'alice-login', patientId: alice }),
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  subgraph = await createAuditSubgraph({
    database,
    // The caller travels as plain JSON here; assertions themselves are the platform's tests.
    verifyAssertion: async (assertion) => JSON.parse(assertion ?? 'null') as Identity,
    log: createLogger('silent', 'audit'),
    settings: TEST_SUBGRAPH_SETTINGS,
    auditStream: createMemoryAuditStream(),
  });
  listening = await listen(subgraph.app, 0, '127.0.0.1');
});
afterAll(async () => {
  await listening?.close();
  await subgraph?.stop();
  await database?.close();
});

const ask = (caller: Identity, query: string, variables?: Record<string, unknown>) =>
  postGraphQL(`${listening.url}/graphql`, {
    query,
    variables,
    headers: { [ASSERTION_HEADER]: JSON.stringify(caller) },
  });

describe('the audit subgraph', () => {
  it('verifies the clinic ledger for an auditor', async () => {
    const { auditor } = await clinic();
    const { body } = await ask(
      auditor,
      '{ auditIntegrity { ok checked firstBrokenSeq firstBrokenEventId checkpointSeq } }',
    );
    expect(body).toEqual({
      data: {
        auditIntegrity: { ok: true, checked: 3, firstBrokenSeq: null, firstBrokenEventId: null, checkpointSeq: null },
      },
    });
  });

  it('refuses the integrity check to a patient', async () => {
    const { patientAlice } = await clinic();
    const { body } = await ask(patientAlice, '{ auditIntegrity { ok } }');
    expect(body.data).toBeNull();
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('lists filtered events newest first with seq and the acting practitioner', async () => {
    const { auditor, alice, practitionerId } = await clinic();
    const { body } = await ask(
      auditor,
      `query ($filter: AccessEventFilter) {
        accessEvents(filter: $filter, first: 1) {
          nodes { seq patientId actorPractitioner { id } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { filter: { patientId: alice } },
    );
    expect(body.errors).toBeUndefined();
    const page = (body.data as any).accessEvents;
    expect(page.nodes).toEqual([{ seq: 3, patientId: alice, actorPractitioner: null }]);
    expect(page.pageInfo.hasNextPage).toBe(true);

    const next = await ask(
      auditor,
      `query ($after: String) { accessEvents(filter: { actorId: "${practitionerId}" }, after: $after) { nodes { seq actorPractitioner { id } } } }`,
      { after: page.pageInfo.endCursor },
    );
    expect(next.body.data).toEqual({
      accessEvents: { nodes: [{ seq: 1, actorPractitioner: { id: practitionerId } }] },
    });
  });

  it('rejects a malformed cursor as bad input', async () => {
    const { auditor } = await clinic();
    const { body } = await ask(auditor, '{ accessEvents(after: "bm90LWEtY3Vyc29y") { nodes { seq } } }');
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it("gives a patient their own record's access log and refuses another's", async () => {
    const { patientAlice, alice, bob } = await clinic();
    const query = `query ($id: ID!) {
      _entities(representations: [{ __typename: "Patient", id: $id }]) {
        ... on Patient { accessLog(first: 5) { nodes { seq } } }
      }
    }`;
    const own = await ask(patientAlice, query, { id: alice });
    expect(own.body).toEqual({ data: { _entities: [{ accessLog: { nodes: [{ seq: 3 }, { seq: 1 }] } }] } });

    const other = await ask(patientAlice, query, { id: bob });
    expect(other.body.data).toEqual({ _entities: [{ accessLog: null }] });
    expect(other.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('reports the ledger writer lag on /health/ready, down to nothing once the writer caught up', async () => {
    const ready = async () => {
      const response = await fetch(`${listening.url}/health/ready`);
      return { status: response.status, body: await response.json() };
    };
    await expect.poll(ready, { timeout: 5000 }).toEqual({
      status: 200,
      body: {
        status: 'ok',
        subgraph: 'audit',
        database: 'ok',
        ledger: { pending: 0, undelivered: 0, deadLettered: 0 },
      },
    });
  });
});
