// Load runs with autocannon: closed-loop throughput, and latency at a fixed rate, with the gateway's CPU per request.
import { cpuMs, storeCpu, storeCpuSince } from './processes';
import type { Operation } from './workload';

export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The gateway process, whose CPU time is charged to the requests. */
  pid: number | null;
  /** The subgraph processes behind it, whose CPU time is reported beside the gateway's. */
  subgraphPids: number[];
}

export interface Throughput {
  requestsPerSecond: number;
  cpuMsPerRequest: number | null;
  /** CPU of the target's subgraphs (all four processes together) per request. */
  subgraphCpuMsPerRequest: number | null;
  /** CPU of the local Postgres and Redis per request (null when they are not local processes). */
  storeCpuMsPerRequest: number | null;
  failed: number;
}

export interface Latency {
  p50: number;
  p99: number;
  failed: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

let counter = 0;

function requestsFor(operation: Operation) {
  return [
    {
      setupRequest: (request: Record<string, unknown>) => ({
        ...request,
        body: JSON.stringify({ query: operation.query, variables: operation.variables(++counter) }),
      }),
    },
  ];
}

function base(target: Target, operation: Operation) {
  return {
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    requests: requestsFor(operation),
  };
}

/** Closed loop: `connections` clients sending as fast as answers come, for `seconds`. */
export async function throughput(
  autocannon: Autocannon,
  target: Target,
  operation: Operation,
  seconds: number,
  connections: number,
): Promise<Throughput> {
  const subgraphCpu = () => target.subgraphPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const cpuBefore = target.pid ? cpuMs(target.pid) : 0;
  const subgraphCpuBefore = subgraphCpu();
  const storeBefore = storeCpu();
  const result = await autocannon({ ...base(target, operation), connections, duration: seconds });
  const cpu = target.pid ? cpuMs(target.pid) - cpuBefore : null;
  const total = result.requests.total;
  const store = storeBefore.size ? storeCpuSince(storeBefore) : null;
  return {
    requestsPerSecond: total / seconds,
    cpuMsPerRequest: cpu === null || total === 0 ? null : cpu / total,
    subgraphCpuMsPerRequest:
      total === 0 || !target.subgraphPids.length ? null : (subgraphCpu() - subgraphCpuBefore) / total,
    storeCpuMsPerRequest: store === null || total === 0 ? null : store / total,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/** Open loop: `rate` requests per second regardless of answers, for `seconds`. */
export async function latencyAt(
  autocannon: Autocannon,
  target: Target,
  operation: Operation,
  rate: number,
  seconds: number,
): Promise<Latency> {
  const result = await autocannon({
    ...base(target, operation),
    connections: 20,
    overallRate: rate,
    duration: seconds,
  });
  return { p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts };
}
