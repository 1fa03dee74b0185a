// A private Redis on a free loopback port and a directory of its own that a test can kill and start again on the same port: empty, or with its append-only file.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '@caregraph/platform/testing';
import { pollUntil } from './poll';

/** Tries (100 ms apart) for a started server to answer PING (it may be loading its file). */
const START_TRIES = 100;

export interface RestartableRedisOptions {
  /**
   * Persist every write before answering (AOF, `appendfsync always`), so a SIGKILL loses nothing
   * it acknowledged; without it, a restart always starts empty.
   */
  appendOnly?: boolean;
}

export interface RestartableRedis {
  url: string;
  /** Whether the server process runs. */
  running(): boolean;
  /** Starts it (killing a running one first); resolves once it answers PING, its file loaded. */
  start(): Promise<void>;
  /** SIGKILL, as a crash would. Resolves once the process has exited. */
  kill(): Promise<void>;
  /** Removes its files: the next start is empty. Only while it is not running. */
  forgetData(): void;
  /** Kills it and removes its directory (after the file). */
  stop(): Promise<void>;
}

/** Whether a Redis answers PING on `port` right now (a connection of its own, no retries). */
async function answers(port: number): Promise<boolean> {
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A server not started yet (`start` it). */
export async function createRestartableRedis({
  appendOnly = false,
}: RestartableRedisOptions = {}): Promise<RestartableRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'caregraph-test-redis-'));
  const persistence = appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let server: ChildProcess | null = null;
  const running = () => server !== null && server.exitCode === null && server.signalCode === null;
  const kill = async () => {
    if (!server || !running()) return;
    const exited = once(server, 'exit');
    server.kill('SIGKILL');
    await exited;
  };
  const start = async () => {
    await kill();
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, ...persistence],
      { stdio: 'ignore' },
    );
    server = started;
    await pollUntil(
      `redis-server on port ${port} to answer`,
      async () => {
        if (started.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${started.exitCode}`);
        return answers(port);
      },
      { tries: START_TRIES, gapMs: 100 },
    );
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    running,
    start,
    kill,
    forgetData() {
      for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A server already answering. */
export async function startRestartableRedis(options: RestartableRedisOptions = {}): Promise<RestartableRedis> {
  const redis = await createRestartableRedis(options);
  await redis.start();
  return redis;
}
