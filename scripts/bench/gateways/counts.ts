// SQL statements, subgraph calls and entity representations each workload operation costs, counted in-process on the bench database.
import { startPlatform } from '@caregraph/gateway';
import { createLogger, loadOrCreateDevKeys, type Database } from '@caregraph/platform';
import { benchConfig, benchToken } from '../bench-config';
import { postGraphQL } from '@caregraph/platform/testing';
import { WORKLOAD } from './workload';

export interface OperationCounts {
  statements: number;
  subgraphCalls: number;
  /** Entity representations sent to subgraphs (each distinct entity once per fetch). */
  representations: number;
}

export async function countPerOperation(database: Database): Promise<Record<string, OperationCounts>> {
  const config = benchConfig();
  const devKeys = await loadOrCreateDevKeys(config.DATA_DIR);
  const platform = await startPlatform({
    config,
    database,
    log: createLogger('silent', 'bench'),
    devKeys,
    ports: 'random',
  });
  const token = await benchToken(config);
  const counts: Record<string, OperationCounts> = {};
  try {
    for (const operation of WORKLOAD) {
      await postGraphQL(platform.gatewayUrl, { query: operation.query, variables: operation.variables(0), token });
      database.stats.statements = 0;
      const fetches = platform.stats.subgraphFetches;
      const representations = platform.stats.representations;
      const response = await postGraphQL(platform.gatewayUrl, {
        query: operation.query,
        variables: operation.variables(1),
        token,
      });
      if (response.body.errors) throw new Error(`${operation.name}: ${JSON.stringify(response.body.errors)}`);
      counts[operation.name] = {
        statements: database.stats.statements,
        subgraphCalls: platform.stats.subgraphFetches - fetches,
        representations: platform.stats.representations - representations,
      };
    }
  } finally {
    await platform.stop();
  }
  return counts;
}
