// A real Redis Cluster for tests: three masters on free loopback ports in temp dirs, every slot assigned; stopped and removed after.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePorts } from '@caregraph/platform/testing';
import { pollUntil } from './poll';
import { keysUnder } from './redis-keys';

export interface TestRedisCluster {
  /** `127.0.0.1:<port>,…`: what REDIS_CLUSTER_NODES takes. */
  nodes: string;
  ports: number[];
  /** The keys each master holds under `prefix` (SCAN on each node), by port. */
  keysByNode(prefix: string): Promise<Record<number, string[]>>;
  /** The hash slot of `key` (CLUSTER KEYSLOT). */
  slotOf(key: string): Promise<number>;
  stop(): Promise<void>;
}

const MASTERS = 3;
/** Node starts and the cluster's agreement: checks 100 ms apart (a failed command is a "not yet"). */
const CLUSTER_POLL = { tries: 100, gapMs: 100 };
const until = (what: string, check: () => Promise<boolean>) =>
  pollUntil(`Redis Cluster: ${what}`, () => check().catch(() => false), CLUSTER_POLL);

export async function startRedisCluster(): Promise<TestRedisCluster> {
  const servers: ChildProcess[] = [];
  const dirs: string[] = [];
  const clients: Redis[] = [];
  const ports: number[] = [];
  const stop = async () => {
    clients.forEach((client) => client.disconnect());
    await Promise.all(
      servers
        .filter((server) => server.exitCode === null && server.signalCode === null)
        .map((server) => {
          const exited = once(server, 'exit');
          server.kill('SIGKILL');
          return exited;
        }),
    );
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  };
  try {
    // The bus ports are chosen too: the default, port + 10000, may be taken or past 65535.
    const chosen = await freePorts(2 * MASTERS);
    for (let i = 0; i < MASTERS; i++) {
      const [port, busPort] = [chosen[2 * i]!, chosen[2 * i + 1]!];
      const dir = mkdtempSync(join(tmpdir(), 'caregraph-cluster-'));
      dirs.push(dir);
      ports.push(port);
      servers.push(
        spawn(
          'redis-server',
          [
            ['--port', String(port)],
            ['--cluster-port', String(busPort)],
            ['--bind', '127.0.0.1'],
            ['--cluster-enabled', 'yes'],
            ['--cluster-config-file', join(dir, 'nodes.conf')],
            ['--dir', dir],
            ['--save', ''],
            ['--appendonly', 'no'],
          ].flat(),
          { stdio: 'ignore' },
        ),
      );
      const client = new Redis(port, '127.0.0.1', { retryStrategy: () => 100, maxRetriesPerRequest: 0 });
      client.on('error', () => {});
      clients.push(client);
    }
    await until('every node to answer PING', async () =>
      (await Promise.all(clients.map((client) => client.ping()))).every((pong) => pong === 'PONG'),
    );
    await promisify(execFile)(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: 20_000 },
    );
    await until('cluster_state ok on every node', async () =>
      (await Promise.all(clients.map((client) => client.cluster('INFO')))).every((info) =>
        info.includes('cluster_state:ok'),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodes: ports.map((port) => `127.0.0.1:${port}`).join(','),
    ports,
    async keysByNode(prefix) {
      const byNode: Record<number, string[]> = {};
      for (const [i, client] of clients.entries()) byNode[ports[i]!] = await keysUnder(client, prefix);
      return byNode;
    },
    async slotOf(key) {
      return Number(await clients[0]!.cluster('KEYSLOT', key));
    },
    stop,
  };
}
