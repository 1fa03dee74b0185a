// Deterministic gates on the benchmark workload: SQL statements and subgraph calls per operation do not drift.
import { describe, expect, it } from 'vitest';
import { postGraphQL, tokenFor } from '@caregraph/platform/testing';
import { WORKLOAD } from '../scripts/bench/gateways/workload';
import { useTestPlatform } from './support/platform';

const harness = useTestPlatform();

/**
 * Per operation: SQL statements (each batch is a tenant transaction of set_config + query)
 * subgraph HTTP calls and entity representations sent (each distinct entity once per fetch) of
 * one request as doctor@acme.test.
 */
const EXPECTED: Record<string, { statements: number; subgraphCalls: number; representations: number }> = {
  light: { statements: 6, subgraphCalls: 2, representations: 0 },
  list: { statements: 16, subgraphCalls: 4, representations: 226 },
  entities: { statements: 14, subgraphCalls: 4, representations: 157 },
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
    }).toEqual(EXPECTED[name]);
  });
});
