// Deterministic gates on the benchmark workload: SQL statements and subgraph calls per operation do not drift.
import { describe, expect, it } from 'vitest';
import { postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { WORKLOAD } from '../scripts/bench/gateways/workload';
import { useTestPlatform } from './support/platform';

const harness = useTestPlatform();

/**
 * Per operation: SQL statements (each batch is a tenant transaction of set_config + query)
 * and subgraph HTTP calls of one request as doctor@acme.test.
 */
const EXPECTED: Record<string, { statements: number; subgraphCalls: number }> = {
  light: { statements: 6, subgraphCalls: 2 },
  list: { statements: 16, subgraphCalls: 4 },
  entities: { statements: 14, subgraphCalls: 4 },
};

describe('workload gates', () => {
  it.each(WORKLOAD.map((operation) => [operation.name, operation] as const))('%s', async (name, operation) => {
    const token = await tokenFor('doctor@acme.test');
    harness.database.stats.statements = 0;
    const fetches = harness.platform.stats.subgraphFetches;
    const response = await postGraphQL(harness.platform.gatewayUrl, {
      query: operation.query,
      variables: operation.variables(7),
      token,
    });
    expect(response.body.errors).toBeUndefined();
    expect({
      statements: harness.database.stats.statements,
      subgraphCalls: harness.platform.stats.subgraphFetches - fetches,
    }).toEqual(EXPECTED[name]);
  });
});
