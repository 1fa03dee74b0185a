// Deterministic gates on the benchmark workload: SQL statements and subgraph calls per operation do not drift.
import { describe, expect, it } from 'vitest';
import { postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { WORKLOAD } from '../scripts/bench/gateways/workload';
import { useTestPlatform } from './support/platform';

const harness = useTestPlatform();

/**
 * Per operation: SQL statements (each batch is a tenant transaction of set_config + one query,
 * the rows' care-team facts read in that same query), subgraph HTTP calls and entity
 * representations sent (each distinct entity once per fetch) of one request as doctor@acme.test.
 */
const EXPECTED: Record<string, { statements: number; subgraphCalls: number }> = {
  schedule: { statements: 2, subgraphCalls: 1 },
  light: { statements: 4, subgraphCalls: 2 },
  list: { statements: 10, subgraphCalls: 4 },
  entities: { statements: 8, subgraphCalls: 4 },
};

const distinct = (ids: string[]) => new Set(ids).size;
type Appointment = { id: string; patient?: { id: string }; practitioner: { id: string } };

/**
 * The entity representations a response needed, each distinct entity once per fetch: the list
 * sends its patients (for their appointments), their appointments' practitioners and the
 * appointments (for prescriptions); the entity-heavy operation the appointments' patients,
 * practitioners and the appointments themselves. Derived from the data, which other suites change.
 */
const REPRESENTATIONS: Record<string, (data: any) => number> = {
  schedule: () => 0,
  light: () => 0,
  list: (data) => {
    const patients = data.patients.nodes as Array<{ appointments: { nodes: Appointment[] } }>;
    const appointments = patients.flatMap((patient) => patient.appointments.nodes);
    return patients.length + distinct(appointments.map((a) => a.practitioner.id)) + appointments.length;
  },
  entities: (data) => {
    const appointments = data.appointments.nodes as Appointment[];
    return (
      distinct(appointments.map((a) => a.patient!.id)) +
      distinct(appointments.map((a) => a.practitioner.id)) +
      appointments.length
    );
  },
};

describe('workload gates', () => {
  it.each(WORKLOAD.map((operation) => [operation.name, operation] as const))('%s', async (name, operation) => {
    const token = await tokenFor('doctor@acme.test');
    harness.database.stats.statements = 0;
    const fetches = harness.platform.stats.subgraphFetches;
    const representations = harness.platform.stats.representations;
    const response = await postGraphQL(harness.platform.gatewayUrl, {
      query: operation.query,
      variables: operation.variables(7),
      token,
    });
    expect(response.body.errors).toBeUndefined();
    expect({
      statements: harness.database.stats.statements,
      subgraphCalls: harness.platform.stats.subgraphFetches - fetches,
      representations: harness.platform.stats.representations - representations,
    }).toEqual({ ...EXPECTED[name], representations: REPRESENTATIONS[name]!(response.body.data) });
  });
});
