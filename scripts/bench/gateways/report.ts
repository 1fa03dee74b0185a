// The bench's figures as a table: printed, and written with the machine description to docs/benchmarks.md.
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { median } from '../measure';
import type { OperationCounts } from './counts';
import type { Latency, Throughput } from './load';

export interface Results {
  targets: string[];
  operations: string[];
  /** operation → target → one entry per round. */
  rounds: Record<string, Record<string, Throughput[]>>;
  latency: Record<string, Record<string, Latency & { rate: number }>>;
  peakRssMb: Record<string, number | null>;
  counts: Record<string, OperationCounts>;
  seconds: number;
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);

function ratioCell(values: number[], reference: number[]): string {
  const ratios = values.map((value, i) => value / reference[i]!);
  return `${fmt(median(ratios), 2)} (${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)})`;
}

/** The median of the values measured (n/a when none was). */
function medianCell(values: Array<number | null>): string {
  const measured = values.filter((value): value is number => value !== null);
  return measured.length ? fmt(median(measured), 2) : 'n/a';
}

export function renderResults(results: Results): string {
  const lines: string[] = [];
  for (const operation of results.operations) {
    const reference = results.rounds[operation]!.caregraph!.map((round) => round.requestsPerSecond);
    const { statements, subgraphCalls, representations } = results.counts[operation]!;
    lines.push(
      `### ${operation} — ${statements} SQL statements, ${subgraphCalls} subgraph calls, ${representations} entity representations per request (caregraph)`,
      '',
    );
    lines.push(
      '| target | req/s (median, min–max) | caregraph ÷ target | gateway CPU ms/req | subgraphs CPU ms/req | Postgres + Redis CPU ms/req | p50 ms | p99 ms | at req/s | failed |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const target of results.targets) {
      const rounds = results.rounds[operation]![target];
      if (!rounds) continue; // direct: only for operations one subgraph answers alone
      const rps = rounds.map((round) => round.requestsPerSecond);
      const cpu = medianCell(rounds.map((round) => round.cpuMsPerRequest));
      const subgraphCpu = medianCell(rounds.map((round) => round.subgraphCpuMsPerRequest));
      const storeCpu = medianCell(rounds.map((round) => round.storeCpuMsPerRequest));
      const latency = results.latency[operation]![target]!;
      const failed = rounds.reduce((sum, round) => sum + round.failed, 0) + latency.failed;
      lines.push(
        `| ${target} | ${fmt(median(rps))} (${fmt(Math.min(...rps))}–${fmt(Math.max(...rps))}) | ${target === 'caregraph' ? '1.00' : ratioCell(reference, rps)} | ${cpu} | ${subgraphCpu} | ${storeCpu} | ${fmt(latency.p50, 1)} | ${fmt(latency.p99, 1)} | ${latency.rate} | ${failed} |`,
      );
    }
    lines.push('');
  }
  lines.push('| gateway | peak RSS MB |', '|---|---|');
  for (const target of results.targets) {
    if (!(target in results.peakRssMb)) continue;
    const rss = results.peakRssMb[target];
    lines.push(`| ${target} | ${rss === null || rss === undefined ? 'n/a' : fmt(rss)} |`);
  }
  return lines.join('\n');
}

export function writeBenchmarksDoc(results: Results, analysis: string): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const doc = `# Benchmarks

Written by \`npm run bench\` (${new Date().toISOString().slice(0, 10)}, ${fmt(results.seconds)} s). Machine: ${cpus().length} × ${cpu},
${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}; Postgres and Redis on the same machine; every service a
process of its own (services mode) against \`caregraph_bench\` (${process.env.SEED_PATIENTS ?? 2000} patients per tenant).

Targets, measured round by round, alternating, after a discarded warm-up round:

- **caregraph** — the gateway as shipped: token, limits, cost estimate and budget (Redis), trusted documents, assertions
  to the subgraphs; subgraphs with field rules, tenant transactions and access recording to a Redis Stream.
- **bare** — a plain @apollo/gateway over the same subgraph code with every check off (no assertion, field rules or
  recording; every request acts as doctor@acme.test, so both serve the same rows).
- **hive** — GraphQL Hive Gateway on the same supergraph over the bare subgraphs. Every request carries a distinct
  variable that reaches the subgraphs, so no request or subgraph fetch can be de-duplicated.
- **direct** — the floor, for the operation one subgraph answers alone (schedule): the bare appointment subgraph
  asked without any gateway. The other operations span two or three subgraphs.

Each request is sent as doctor@acme.test. Throughput is closed-loop (10 connections, ${ROUND_SECONDS} s per round,
5 rounds); latency is open-loop at half the slowest target's median throughput; "caregraph ÷ target" is the ratio of
throughputs per round.

${renderResults(results)}

${analysis}
`;
  writeFileSync('docs/benchmarks.md', doc);
}

export const ROUND_SECONDS = 3;
