// Runs one query against two platform configurations on the bench database, alternating, and prints the ratio.
import { startPlatform, type PlatformOptions, type RunningPlatform } from '@caregraph/gateway';
import { createLogger, loadOrCreateDevKeys, type Database } from '@caregraph/platform';
import { benchConfig, benchToken } from './bench-config';
import { postGraphQL } from '@caregraph/platform/testing';
import { median, percentile, timeSequential } from './measure';

const ROUNDS = 5;
const WARM_UP = 20;

export interface Comparison {
  title: string;
  query: string;
  variables?: Record<string, unknown>;
  login: string;
  requestsPerRound: number;
  /** Target name → what differs from the shipped platform. */
  targets: Record<string, Pick<PlatformOptions, 'enforcePermissions' | 'recordAccess'>>;
  env?: NodeJS.ProcessEnv;
}

export async function comparePlatforms(database: Database, comparison: Comparison): Promise<void> {
  // Budgets out of the way: these benchmarks measure protections, not rate limiting.
  const config = benchConfig(comparison.env);
  const devKeys = await loadOrCreateDevKeys(config.DATA_DIR);
  const log = createLogger('silent', 'bench');
  const targets: Record<string, RunningPlatform> = {};
  for (const [name, options] of Object.entries(comparison.targets)) {
    targets[name] = await startPlatform({ config, database, log, devKeys, ports: 'random', ...options });
  }
  const token = await benchToken(config, comparison.login);
  const ask = async (url: string) => {
    const response = await postGraphQL(url, { query: comparison.query, variables: comparison.variables, token });
    if (response.body.errors) throw new Error(`unexpected errors: ${JSON.stringify(response.body.errors)}`);
    return JSON.stringify(response.body.data);
  };
  const bodies = await Promise.all(Object.values(targets).map((target) => ask(target.gatewayUrl)));
  if (new Set(bodies).size !== 1) throw new Error('the targets returned different data');

  const statements: Record<string, number> = {};
  for (const [name, target] of Object.entries(targets)) {
    await timeSequential(WARM_UP, async () => void (await ask(target.gatewayUrl)));
    database.stats.statements = 0;
    await ask(target.gatewayUrl);
    statements[name] = database.stats.statements;
  }
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  const roundMedians: Record<string, number[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, target] of Object.entries(targets)) {
      const durations = await timeSequential(
        comparison.requestsPerRound,
        async () => void (await ask(target.gatewayUrl)),
      );
      samples[name]!.push(...durations);
      roundMedians[name]!.push(median(durations));
    }
  }

  const [first, second] = Object.keys(targets) as [string, string];
  console.log(`\n${comparison.title}`);
  console.log(
    `${ROUNDS} rounds × ${comparison.requestsPerRound} sequential requests per target, alternating, after ${WARM_UP} warm-up requests`,
  );
  console.log('target          SQL statements   median ms   p95 ms   round medians ms');
  for (const name of Object.keys(targets)) {
    const sorted = [...samples[name]!].sort((a, b) => a - b);
    console.log(
      `${name.padEnd(15)} ${String(statements[name]).padStart(14)}   ${median(sorted).toFixed(2).padStart(9)}   ${percentile(sorted, 95).toFixed(2).padStart(6)}   ${roundMedians[name]!.map((m) => m.toFixed(2)).join(' ')}`,
    );
  }
  const ratios = roundMedians[first]!.map((value, i) => value / roundMedians[second]![i]!);
  const added = roundMedians[first]!.map((value, i) => value - roundMedians[second]![i]!);
  console.log(
    `${first} ÷ ${second}: median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}); added ${median(added).toFixed(2)} ms per request (median)`,
  );
  for (const target of Object.values(targets)) await target.stop();
}
