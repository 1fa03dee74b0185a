// Throwaway Postgres 15 clusters on free loopback ports, for tests: create, start, stop, restart, drop, and what crashed runs left.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { pollUntil } from './poll';

const execFileAsync = promisify(execFile);
const VERSION = '15';
/** Every test cluster is named `caregraph_test_<purpose>_<pid>_<role>`: a dead pid marks a leftover. */
const NAME_PREFIX = 'caregraph_test_';
const TOOLS = ['pg_createcluster', 'pg_dropcluster', 'pg_lsclusters', 'pg_isready'];
const PG_CTL = `/usr/lib/postgresql/${VERSION}/bin/pg_ctl`;
/** Tries of every bounded poll below, and the pause between two tries. */
/** Small, disposable clusters: nothing here must survive a crash of the machine. */
const CLUSTER_OPTIONS = [
  'wal_level=replica',
  'max_wal_senders=4',
  'max_connections=60',
  'shared_buffers=16MB',
  'fsync=off',
];
const TRUST_ALL = [
  'local all all trust',
  'host all all 127.0.0.1/32 trust',
  'host replication all 127.0.0.1/32 trust',
  'local replication all trust',
  '',
].join('\n');

/** How pg_ctl stops a cluster: `fast` disconnects sessions and checkpoints, `immediate` is a crash. */
export type StopMode = 'fast' | 'immediate';

export interface PgCluster {
  name: string;
  port: number;
  dataDir: string;
  /** postgres:// URL of `database` on it (superuser `postgres`, trust auth). */
  url(database: string): string;
  /** Starts it (as pg_ctlcluster would, without its fixed settling time); returns once it accepts connections. */
  start(): Promise<void>;
  stop(mode: StopMode): Promise<void>;
  /** `pg_ctl restart -m <mode>`; returns once it accepts connections again. */
  restart(mode: StopMode): Promise<void>;
}

/** Fails with the apt package to install when a tool is missing (`extra`: tools the caller needs besides these). */
export function requirePostgresTools(purpose: string, extra: string[] = []): void {
  const path = (process.env.PATH ?? '').split(delimiter);
  const missing = [...TOOLS, ...extra].filter((tool) => !path.some((dir) => existsSync(join(dir, tool))));
  if (!existsSync(PG_CTL)) missing.push(PG_CTL);
  if (missing.length > 0) {
    throw new Error(
      `${purpose} needs the postgresql-common tools and PostgreSQL ${VERSION} (apt-get install postgresql-${VERSION}); missing on PATH: ${missing.join(', ')}`,
    );
  }
}

/** The name of this process's cluster `role` for `purpose` (lower case letters). */
export function clusterName(purpose: string, role: string): string {
  return `${NAME_PREFIX}${purpose}_${process.pid}_${role}`;
}

async function run(command: string, args: string[]): Promise<string> {
  try {
    return (await execFileAsync(command, args, { encoding: 'utf8' })).stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(stderr || stdout || String(error)).trim()}`);
  }
}

/** Runs a tool as the clusters' owner (`postgres`) when this process is root, as itself otherwise. */
export function asClusterOwner(command: string, args: string[]): Promise<string> {
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
}

/**
 * Creates a stopped cluster `name` on `port` with trust authentication on loopback; `created`
 * gets its name as soon as it exists, so a caller's cleanup drops it even if a later step fails.
 */
export async function createCluster(name: string, port: number, created: string[]): Promise<PgCluster> {
  const options = CLUSTER_OPTIONS.flatMap((option) => ['-o', option]);
  await run('pg_createcluster', [VERSION, name, '-p', String(port), '-q', ...options, '--', '--no-sync']);
  created.push(name);
  writeFileSync(`/etc/postgresql/${VERSION}/${name}/pg_hba.conf`, TRUST_ALL);
  const { dataDir, logFile } = await clusterNamed(name);
  const server = ['-o', `-c config_file=/etc/postgresql/${VERSION}/${name}/postgresql.conf`];
  const acceptsConnections = () =>
    pollUntil(`${name} to accept connections on ${port}`, async () => {
      try {
        await execFileAsync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port), '-t', '1']);
        return true;
      } catch {
        return false;
      }
    });
  return {
    name,
    port,
    dataDir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await asClusterOwner(PG_CTL, ['start', '-w', '-s', '-D', dataDir, '-l', logFile, ...server]);
      await acceptsConnections();
    },
    async stop(mode) {
      await asClusterOwner(PG_CTL, ['stop', '-w', '-s', '-m', mode, '-D', dataDir]);
    },
    async restart(mode) {
      await asClusterOwner(PG_CTL, ['restart', '-w', '-s', '-m', mode, '-D', dataDir, '-l', logFile, ...server]);
      await acceptsConnections();
    },
  };
}

interface ListedCluster {
  name: string;
  dataDir: string;
  logFile: string;
}

async function listClusters(): Promise<ListedCluster[]> {
  const lines = (await run('pg_lsclusters', ['--no-header'])).split('\n').filter(Boolean);
  return lines
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] === VERSION)
    .map((fields) => ({ name: fields[1]!, dataDir: fields[5]!, logFile: fields[6]! }));
}

async function clusterNamed(name: string): Promise<ListedCluster> {
  const cluster = (await listClusters()).find((candidate) => candidate.name === name);
  if (!cluster) throw new Error(`pg_lsclusters does not list ${name}`);
  return cluster;
}

/** `pg_dropcluster --stop` for each; tries them all, then reports every failure. */
export async function dropClusters(names: string[]): Promise<void> {
  const failures: string[] = [];
  for (const name of names) {
    await run('pg_dropcluster', ['--stop', VERSION, name]).catch((error: Error) => failures.push(error.message));
  }
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

/** Test clusters whose test process is gone (a run killed before its afterAll). */
export async function dropLeftovers(): Promise<void> {
  const orphans = (await listClusters())
    .map(({ name }) => ({ name, pid: Number(new RegExp(`^${NAME_PREFIX}[a-z]+_(\\d+)_`).exec(name)?.[1]) }))
    .filter(({ pid }) => Number.isInteger(pid) && pid > 0 && !isAlive(pid));
  await dropClusters(orphans.map(({ name }) => name));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One admin connection to `database` on `cluster`. */
export function connect(cluster: PgCluster, database: string): postgres.Sql {
  return postgres(cluster.url(database), { max: 1, onnotice: () => {} });
}
