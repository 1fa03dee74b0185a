// A field rule that cannot reach the database: the field answers SERVICE_UNAVAILABLE, and the recorder writes neither READ nor DENIED for it.
import { sql } from 'drizzle-orm';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FieldGroup,
  allowedOn,
  auditMiddleware,
  createAccessCollector,
  createMemoryAuditStream,
  createPermissions,
  openDatabase,
  viaParent,
  type Access,
  type AuditSpec,
  type Database,
} from '@caregraph/platform';
import { identityOf, freePort } from '@caregraph/platform/testing';

const PATIENT_ID = '00000000-0000-4000-8000-000000000001';

let unreachable: Database;

beforeAll(async () => {
  unreachable = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await freePort()}/caregraph`, poolMax: 1 });
});

afterAll(async () => {
  await unreachable?.close();
});

/** One patient; its phone's rule is denied by the matrix, its allergies' rule must ask the (unreachable) database. */
function buildGraph() {
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(`
      type Query { patient: Patient }
      type Patient @key(fields: "id") { id: ID!, phone: String, allergies: [String!] }
    `),
  });
  const spec: AuditSpec = {
    records: { Patient: (p: { id: string }) => ({ resourceId: p.id, patientId: p.id }) },
    mutations: {},
  };
  const schema = applyMiddleware(
    subgraph,
    auditMiddleware(spec, subgraph),
    createPermissions({
      Query: { patient: viaParent },
      Patient: {
        id: viaParent,
        phone: allowedOn('read', FieldGroup.Contact, () => ({ patientId: PATIENT_ID })),
        allergies: allowedOn('read', FieldGroup.Clinical, async () => {
          await unreachable.transaction(sql`select 1`, async () => undefined);
          return { patientId: PATIENT_ID };
        }),
      },
    }),
  );
  return { schema, rootValue: { patient: { id: PATIENT_ID, phone: '+1 555 0100', allergies: ['Latex'] } } };
}

describe('a field rule whose database is unreachable', () => {
  it('answers SERVICE_UNAVAILABLE for that field only, FORBIDDEN for the denied one, and records only the READ and the DENIED', async () => {
    const { schema, rootValue } = buildGraph();
    const audit = createAccessCollector(
      identityOf('doctor@acme.test'),
      'request-1',
      'patient',
      createMemoryAuditStream(),
    );
    // The matrix answer without a lookup: this caller may not read contact details.
    const access = { can: async (_action: string, group: string) => group !== FieldGroup.Contact } as unknown as Access;
    const result = await graphql({
      schema,
      source: '{ patient { id phone allergies } }',
      rootValue,
      contextValue: { audit, access },
    });

    expect(result.data).toEqual({ patient: { id: PATIENT_ID, phone: null, allergies: null } });
    expect(
      result.errors?.map((error) => [error.path?.join('.'), error.extensions.code, error.extensions.retryable]),
    ).toEqual([
      ['patient.phone', 'FORBIDDEN', undefined],
      ['patient.allergies', 'SERVICE_UNAVAILABLE', true],
    ]);
    expect(audit.drain().map((event) => [event.action, event.outcome, event.fields])).toEqual([
      ['READ', 'SUCCESS', ['id']],
      ['DENIED', 'DENIED', ['phone']],
    ]);
  });
});
