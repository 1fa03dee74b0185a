// `npm run bench:profile [-- <operation>]`: caregraph's gateway and subgraphs under load with --cpu-prof; top frames of each.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '@caregraph/platform';
import { benchConfig, benchServiceEnv, benchToken } from '../bench-config';
import { openBenchDatabase } from '../bench-database';
import { throughput } from './load';
import { startService, type Service } from './processes';
import { ensureTools } from './tools';
import { WORKLOAD } from './workload';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time per function (name and file), in ms, highest first. */
function topFrames(file: string, count: number): Array<[string, number]> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '') || '(native)';
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

runMain(
  async () => {
    const tools = ensureTools();
    const database = await openBenchDatabase(Number(process.env.SEED_PATIENTS ?? 2000));
    await database.close();
    const dir = '.data/bench/profile';
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const profiled = (name: string) => [process.execPath, '--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`];
    const env = benchServiceEnv();
    const names = ['patient', 'appointment', 'prescription', 'audit'];
    const services: Service[] = [];
    try {
      for (const [i, name] of names.entries()) {
        services.push(
          await startService(
            name,
            [...profiled(name), '--import', 'tsx', `subgraphs/${name}/src/main.ts`],
            { ...env, [`${name.toUpperCase()}_PORT`]: String(4101 + i) },
            `http://127.0.0.1:${4101 + i}/health/ready`,
          ),
        );
      }
      const urls = Object.fromEntries(
        names.map((name, i) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${4101 + i}/graphql`]),
      );
      const gateway = await startService(
        'caregraph',
        [...profiled('caregraph'), '--import', 'tsx', 'gateway/src/main.ts'],
        { ...env, ...urls, GATEWAY_PORT: '4100' },
        'http://127.0.0.1:4100/health/ready',
      );
      services.push(gateway);
      const token = await benchToken(benchConfig());
      const operation = WORKLOAD.find((candidate) => candidate.name === (process.argv[2] ?? 'list'))!;
      const target = {
        name: 'caregraph',
        url: 'http://127.0.0.1:4100/graphql',
        headers: { authorization: `Bearer ${token}` },
        pid: gateway.pid,
        subgraphPids: services.slice(0, -1).map((service) => service.pid),
      };
      const result = await throughput(tools.require('autocannon'), target, operation, 10, 10);
      console.log(
        `${operation.name}: ${result.requestsPerSecond.toFixed(0)} req/s; CPU ms per request: gateway ${result.cpuMsPerRequest?.toFixed(2)}, subgraphs ${result.subgraphCpuMsPerRequest?.toFixed(2)}, Postgres + Redis ${result.storeCpuMsPerRequest?.toFixed(2)}`,
      );
    } finally {
      for (const service of services.reverse()) await service.stop();
    }
    for (const name of ['caregraph', ...names]) {
      const profile = readdirSync(join(dir, name)).find((file) => file.endsWith('.cpuprofile'));
      if (!profile) throw new Error(`no profile was written for ${name}`);
      const all = topFrames(join(dir, name, profile), Infinity);
      const frames = all.slice(0, name === 'caregraph' ? 15 : 10);
      const busy = all.filter(([frame]) => !frame.startsWith('(idle)')).reduce((sum, [, ms]) => sum + ms, 0);
      console.log(`\n${name}: ${busy.toFixed(0)} ms busy in the profile`);
      console.log(
        `\nTop frames of ${name === 'caregraph' ? 'the caregraph gateway' : `the ${name} subgraph`} by self time (ms):`,
      );
      for (const [frame, ms] of frames) console.log(`${ms.toFixed(0).padStart(7)}  ${frame}`);
    }
  },
  { exitWhenDone: true },
);
