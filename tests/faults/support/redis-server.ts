// A Redis server of the fault suite's own on a free loopback port and its own directory: killed, and started again on the same port with or without its data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/ports';
import { pollUntil } from '../../support/pg-cluster';

export interface OwnRedis {
  url: string;
  port: number;
  /** Whether the server process runs. */
  running(): boolean;
  /** Starts it on its port and directory; resolves once it answers PING (its append-only file loaded). */
  start(): Promise<void>;
  /** Sends `signal` to the server and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Removes everything in its directory (a restart after this starts empty). Only while it is not running. */
  forgetData(): void;
  /** Kills it and removes its directory. */
  remove(): Promise<void>;
}

/**
 * Persists every write before answering (`appendfsync always`), so a SIGKILL loses nothing it
 * acknowledged: what a client was told is stored is there after the restart.
 */
export async function createOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'caregraph-faults-redis-'));
  let server: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    server.kill(signal);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    running: () => server !== null && server.exitCode === null && server.signalCode === null,
    async start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
      const started = spawn('redis-server', [...args, '--appendonly', 'yes', '--appendfsync', 'always'], {
        stdio: 'ignore',
      });
      server = started;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      await pollUntil(`redis-server to answer on ${port}`, async () => {
        if (started.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${started.exitCode}`);
        return (await ping(port)) === '+PONG';
      });
    },
    kill,
    forgetData() {
      for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    },
    async remove() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The first line Redis answers to PING (`+PONG`, or `-LOADING …` while it reads its file); '' when it refuses. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = (line: string) => {
      socket.destroy();
      resolve(line);
    };
    socket.setTimeout(1000, () => done(''));
    socket.once('error', () => done(''));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.split('\r\n')[0]!);
    });
  });
}
