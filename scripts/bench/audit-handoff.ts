// What Redis durability costs the audit hand-off: one request's events published to private Redis servers with AOF fsync always, everysec and no AOF, side by side.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuditAction,
  AuditOutcome,
  createRedis,
  createRedisAuditStream,
  whenReady,
  type AuditEvent,
  type AuditStream,
} from '@caregraph/platform';
import { freePort } from '@caregraph/platform/testing';
import { median, percentile } from './measure';

/** The persistence settings compared; the last is the reference. */
const TARGETS = {
  'AOF, fsync always': ['--appendonly', 'yes', '--appendfsync', 'always'],
  'AOF, fsync everysec': ['--appendonly', 'yes', '--appendfsync', 'everysec'],
  'no AOF': ['--appendonly', 'no'],
};
const REFERENCE = 'no AOF';
const EVENTS_PER_BATCH = 20;
const ROUNDS = 5;
/** Per round and target: publishes one after another (latency), then with CONCURRENCY in flight (throughput). */
const SEQUENTIAL = 300;
const CONCURRENT = 1500;
const CONCURRENCY = 16;

/** What a list request hands off: twenty appointments read by a doctor, one batch. */
function listRequestBatch(): AuditEvent[] {
  const requestId = randomUUID();
  return Array.from({ length: EVENTS_PER_BATCH }, () => ({
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    tenantId: 'acme',
    actorId: randomUUID(),
    actorRoles: ['doctor'],
    clientId: null,
    action: AuditAction.Read,
    resourceType: 'Appointment',
    resourceId: randomUUID(),
    patientId: randomUUID(),
    fields: ['endsAt', 'id', 'patient', 'practitioner', 'reason', 'startsAt', 'status'],
    operationName: 'Schedule',
    requestId,
    outcome: AuditOutcome.Success,
    purposeOfUse: 'TREAT',
    source: 'appointment',
  }));
}

interface Target {
  stream: AuditStream;
  latencies: number[];
  throughputs: number[];
  failed: number;
  stop(): Promise<void>;
}

/** A redis-server of its own in a temp dir (BENCH_HANDOFF_DIR, else the system's), and the platform's stream on it. */
async function startTarget(options: string[]): Promise<Target> {
  const dir = mkdtempSync(join(process.env.BENCH_HANDOFF_DIR ?? tmpdir(), 'caregraph-handoff-'));
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...options],
    { stdio: 'ignore' },
  );
  const redis = createRedis(`redis://127.0.0.1:${port}`);
  if (!(await whenReady(redis, 10_000))) throw new Error(`redis-server ${options.join(' ')} did not start`);
  return {
    stream: createRedisAuditStream(redis, 'caregraph:audit'),
    latencies: [],
    throughputs: [],
    failed: 0,
    async stop() {
      redis.disconnect();
      const exited = once(server, 'exit');
      server.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function measureRound(target: Target, record: boolean): Promise<void> {
  const publish = () =>
    target.stream.publish(listRequestBatch()).then(
      () => true,
      () => false,
    );
  for (let i = 0; i < SEQUENTIAL; i++) {
    const started = process.hrtime.bigint();
    const ok = await publish();
    if (record) target.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (record && !ok) target.failed++;
  }
  let left = CONCURRENT;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) if (!(await publish()) && record) target.failed++;
    }),
  );
  if (record) target.throughputs.push(CONCURRENT / (Number(process.hrtime.bigint() - started) / 1e9));
}

export async function benchAuditHandoff(): Promise<void> {
  const targets: Record<string, Target> = {};
  try {
    for (const [name, options] of Object.entries(TARGETS)) targets[name] = await startTarget(options);
    const names = Object.keys(targets);
    // A warm-up round, discarded; then rounds in rotating order, so no target always goes first.
    for (let round = -1; round < ROUNDS; round++) {
      for (let i = 0; i < names.length; i++) {
        await measureRound(targets[names[(i + Math.max(round, 0)) % names.length]!]!, round >= 0);
      }
    }
    const reference = targets[REFERENCE]!;
    const referenceMedian = median(reference.latencies);
    console.log(
      `\nAudit hand-off: one publish of ${EVENTS_PER_BATCH} events (a list request), ${ROUNDS} rounds of ${SEQUENTIAL} ` +
        `sequential and ${CONCURRENT} with ${CONCURRENCY} in flight, per target, rotating; Redis in ${process.env.BENCH_HANDOFF_DIR ?? tmpdir()}`,
    );
    console.log('| Redis | median ms | p99 ms | median ÷ no AOF | publishes/s | ÷ no AOF | failed |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, target] of Object.entries(targets)) {
      const sorted = [...target.latencies].sort((a, b) => a - b);
      const ratios = target.throughputs.map((value, i) => value / reference.throughputs[i]!);
      console.log(
        `| ${name} | ${median(sorted).toFixed(3)} | ${percentile(sorted, 99).toFixed(3)} | ` +
          `${(median(sorted) / referenceMedian).toFixed(2)} | ${median(target.throughputs).toFixed(0)} ` +
          `(${Math.min(...target.throughputs).toFixed(0)}–${Math.max(...target.throughputs).toFixed(0)}) | ` +
          `${median(ratios).toFixed(2)} | ${target.failed} |`,
      );
    }
  } finally {
    for (const target of Object.values(targets)) await target.stop();
  }
}
