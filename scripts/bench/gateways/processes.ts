// Starting the bench's services as processes of their own, reading their CPU time and memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface Service {
  name: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns `command` (stdout/stderr to the bench log only on failure) and waits until `readyUrl` answers 2xx. */
export async function startService(
  name: string,
  command: string[],
  env: NodeJS.ProcessEnv,
  readyUrl: string,
): Promise<Service> {
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${stderr}`);
    try {
      if ((await fetch(readyUrl, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (Date.now() >= deadline) throw new Error(`${name} did not become ready:\n${stderr}`);
  return {
    name,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds the process has used so far. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Peak resident memory of the process, in MB (VmHWM). */
export function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmHWM:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** The local Postgres and Redis server processes (none when they run elsewhere, e.g. in containers). */
function storePids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'postgres' || comm === 'redis-server') pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/**
 * CPU milliseconds Postgres and Redis have used so far, per process, so a delta can be taken
 * over a run (backends that start during it count from zero, those that end are lost).
 */
export function storeCpu(): Map<number, number> {
  const usage = new Map<number, number>();
  for (const pid of storePids()) {
    try {
      usage.set(pid, cpuMs(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return usage;
}

/** CPU milliseconds Postgres and Redis used between two `storeCpu()` readings. */
export function storeCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of storeCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}
