// A private Redis without persistence that a test can kill -9 and start again, empty, on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { freePort } from './ports';

export interface RestartableRedis {
  url: string;
  /** SIGKILL, as a crash would: everything Redis held is gone. Resolves once the process has exited. */
  kill(): Promise<void>;
  /** A new, empty Redis on the same port; resolves once it answers PING (at most 50 tries, 100 ms apart). */
  start(): Promise<void>;
  /** Kills it for good (after the file). */
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

export async function startRestartableRedis(): Promise<RestartableRedis> {
  const port = await freePort();
  let server: ChildProcess | null = null;
  const kill = async () => {
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = once(server, 'exit');
    server.kill('SIGKILL');
    await exited;
  };
  const start = async () => {
    await kill();
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let tries = 0; tries < 50; tries++) {
      if (await answers(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`redis-server on port ${port} did not answer`);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start, stop: kill };
}
