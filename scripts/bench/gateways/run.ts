// The gateway benchmark: caregraph, bare @apollo/gateway and Hive Gateway as processes, the same workload, round by round.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { BENCH_DATA_DIR, benchConfig, benchServiceEnv, benchToken } from '../bench-config';
import type { Database } from '@caregraph/platform';
import { median } from '../measure';
import { countPerOperation } from './counts';
import { latencyAt, throughput, type Target } from './load';
import { peakRssMb, startService, type Service } from './processes';
import { ROUND_SECONDS, renderResults, writeBenchmarksDoc, type Results } from './report';
import { ensureTools } from './tools';
import { WORKLOAD, type Operation } from './workload';

const NAMES = ['patient', 'appointment', 'prescription', 'audit'] as const;
const ROUNDS = 5;
const CONNECTIONS = 10;
const node = (file: string, ...args: string[]) => [process.execPath, '--import', 'tsx', file, ...args];

export async function benchGateways(database: Database): Promise<void> {
  const started = Date.now();
  const tools = ensureTools();
  const autocannon = tools.require('autocannon');
  const counts = await countPerOperation(database);

  const env = benchServiceEnv();
  const services: Service[] = [];
  const start = async (name: string, command: string[], extra: NodeJS.ProcessEnv, readyUrl: string) => {
    const service = await startService(name, command, { ...env, ...extra }, readyUrl);
    services.push(service);
    return service;
  };
  try {
    const ports = (base: number) =>
      Object.fromEntries(NAMES.map((name, i) => [`${name.toUpperCase()}_PORT`, String(base + 1 + i)]));
    const urls = (base: number) =>
      Object.fromEntries(
        NAMES.map((name, i) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${base + 1 + i}/graphql`]),
      );
    for (const [i, name] of NAMES.entries()) {
      await start(
        `caregraph-${name}`,
        node(`subgraphs/${name}/src/main.ts`),
        ports(4100),
        `http://127.0.0.1:${4101 + i}/health/ready`,
      );
      await start(
        `bare-${name}`,
        node('scripts/bench/gateways/bare-subgraph.ts', name),
        ports(4200),
        `http://127.0.0.1:${4201 + i}/health/ready`,
      );
    }
    const caregraph = await start(
      'caregraph',
      node('gateway/src/main.ts'),
      { GATEWAY_PORT: '4100', ...urls(4100) },
      'http://127.0.0.1:4100/health/ready',
    );
    mkdirSync(BENCH_DATA_DIR, { recursive: true });
    const bareSupergraph = '.data/bench/supergraph-bare.graphql';
    writeFileSync(
      bareSupergraph,
      readFileSync('schema/supergraph.graphql', 'utf8').replace(/127\.0\.0\.1:40(\d\d)/g, '127.0.0.1:42$1'),
    );
    const bare = await start(
      'bare',
      node('scripts/bench/gateways/bare-gateway.ts'),
      { GATEWAY_PORT: '4200', SUPERGRAPH_PATH: bareSupergraph },
      'http://127.0.0.1:4200/health',
    );
    const hive = await start(
      'hive',
      [tools.hiveGateway, 'supergraph', bareSupergraph, '--port', '4300', '--host', '127.0.0.1'],
      {},
      'http://127.0.0.1:4300/healthcheck',
    );

    const token = await benchToken(benchConfig());
    const headers = { authorization: `Bearer ${token}` };
    const subgraphsOf = (prefix: string) =>
      services.filter((service) => service.name.startsWith(`${prefix}-`)).map((service) => service.pid);
    const targets: Target[] = [
      {
        name: 'caregraph',
        url: 'http://127.0.0.1:4100/graphql',
        headers,
        pid: caregraph.pid,
        subgraphPids: subgraphsOf('caregraph'),
      },
      { name: 'bare', url: 'http://127.0.0.1:4200/graphql', headers, pid: bare.pid, subgraphPids: subgraphsOf('bare') },
      { name: 'hive', url: 'http://127.0.0.1:4300/graphql', headers, pid: hive.pid, subgraphPids: subgraphsOf('bare') },
    ];
    /** The floor, for operations one subgraph answers alone: that bare subgraph, asked without a gateway. */
    const direct = (operation: Operation): Target | null => {
      if (!operation.singleSubgraph) return null;
      const service = services.find((candidate) => candidate.name === `bare-${operation.singleSubgraph}`)!;
      const port = 4201 + NAMES.indexOf(operation.singleSubgraph);
      return {
        name: 'direct',
        url: `http://127.0.0.1:${port}/graphql`,
        headers,
        pid: null,
        subgraphPids: [service.pid],
      };
    };
    const targetsOf = (operation: Operation) => [...targets, ...[direct(operation)].filter((t): t is Target => !!t)];
    await checkSameData(targetsOf);

    const results: Results = {
      targets: [...targets.map((target) => target.name), 'direct'],
      operations: WORKLOAD.map((operation) => operation.name),
      rounds: {},
      latency: {},
      peakRssMb: {},
      counts,
      seconds: 0,
    };
    for (const operation of WORKLOAD) {
      results.rounds[operation.name] = Object.fromEntries(targetsOf(operation).map((target) => [target.name, []]));
      for (const target of targetsOf(operation)) await throughput(autocannon, target, operation, 2, CONNECTIONS); // warm-up, discarded
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const operation of WORKLOAD) {
        const all = targetsOf(operation);
        const order = [...all.slice(round % all.length), ...all.slice(0, round % all.length)];
        for (const target of order) {
          results.rounds[operation.name]![target.name]!.push(
            await throughput(autocannon, target, operation, ROUND_SECONDS, CONNECTIONS),
          );
        }
      }
    }
    for (const operation of WORKLOAD) {
      const slowest = Math.min(
        ...targets.map((t) => median(results.rounds[operation.name]![t.name]!.map((r) => r.requestsPerSecond))),
      );
      const rate = Math.max(1, Math.round(slowest / 2));
      results.latency[operation.name] = {};
      for (const target of targetsOf(operation)) {
        results.latency[operation.name]![target.name] = {
          ...(await latencyAt(autocannon, target, operation, rate, ROUND_SECONDS)),
          rate,
        };
      }
    }
    for (const target of targets) results.peakRssMb[target.name] = target.pid ? peakRssMb(target.pid) : null;
    results.seconds = (Date.now() - started) / 1000;
    console.log(
      `\nGateways under load (${ROUNDS} rounds × ${ROUND_SECONDS} s per target and operation, ${CONNECTIONS} connections)\n`,
    );
    console.log(renderResults(results));
    writeBenchmarksDoc(results, readFileSync('scripts/bench/gateways/analysis.md', 'utf8'));
    console.log('\nWrote docs/benchmarks.md');
  } finally {
    for (const service of services.reverse()) await service.stop();
  }
}

/** One request per operation to each target: the same data, no errors, before anything is timed. */
async function checkSameData(targetsOf: (operation: Operation) => Target[]): Promise<void> {
  for (const operation of WORKLOAD) {
    const bodies = await Promise.all(
      targetsOf(operation).map(async (target) => {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...target.headers },
          body: JSON.stringify({ query: operation.query, variables: operation.variables(0) }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: unknown };
        if (body.errors)
          throw new Error(`${target.name} ${operation.name}: ${JSON.stringify(body.errors).slice(0, 500)}`);
        return JSON.stringify(body.data);
      }),
    );
    if (new Set(bodies).size !== 1) throw new Error(`${operation.name}: the targets returned different data`);
  }
}
