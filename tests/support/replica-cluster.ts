// A throwaway Postgres 15 primary and its streaming replica on free loopback ports, created and dropped by a test.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from './ports';

const execFileAsync = promisify(execFile);
const VERSION = '15';
const DATABASE = 'caregraph';
const NAME_PREFIX = 'caregraph_test_replica_';
const TOOLS = ['pg_createcluster', 'pg_dropcluster', 'pg_lsclusters', 'pg_basebackup', 'pg_isready'];
const PG_CTL = `/usr/lib/postgresql/${VERSION}/bin/pg_ctl`;
/** Tries of every bounded poll below, and the pause between two tries. */
const POLL_TRIES = 200;
const POLL_GAP_MS = 50;
/** Small, disposable clusters: nothing here must survive a crash. */
const CLUSTER_OPTIONS = [
  'wal_level=replica',
  'max_wal_senders=4',
  'max_connections=40',
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

export interface ReplicaPair {
  /** postgres:// URL of the primary's `caregraph` database (superuser `postgres`, trust auth). */
  primaryUrl: string;
  /** The same database on the streaming replica. */
  replicaUrl: string;
  /** Admin connections, one each. */
  primary: postgres.Sql;
  replica: postgres.Sql;
  /** Returns once the replica has replayed everything the primary had written when this was called. */
  waitForReplay(): Promise<void>;
  /** Returns once the replica reports its replay paused (it keeps receiving WAL, it applies none). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops and removes both clusters (also what a crashed run left behind). */
  drop(): Promise<void>;
}

/**
 * Creates a primary cluster with a `caregraph` database and a replica of it (`pg_basebackup -R`),
 * both running and streaming. On any failure it removes what it created before rethrowing.
 */
export async function createReplicaPair(): Promise<ReplicaPair> {
  requireTools();
  await dropLeftovers();
  const created: string[] = [];
  const connections: postgres.Sql[] = [];
  const drop = async () => {
    await Promise.all(connections.map((sql) => sql.end({ timeout: 1 }).catch(() => {})));
    await dropClusters(created.splice(0).reverse());
  };
  try {
    const [primaryPort, replicaPort] = await twoFreePorts();
    const primaryName = `${NAME_PREFIX}${process.pid}_primary`;
    const replicaName = `${NAME_PREFIX}${process.pid}_standby`;

    await createCluster(primaryName, primaryPort, created);
    await startCluster(primaryName, primaryPort);
    const admin = connect(primaryPort, 'postgres');
    connections.push(admin);
    await admin.unsafe(`create database ${DATABASE}`);

    const replicaDir = await createCluster(replicaName, replicaPort, created);
    for (const entry of readdirSync(replicaDir)) rmSync(join(replicaDir, entry), { recursive: true, force: true });
    await asClusterOwner('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
      ...['-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
    ]);
    await startCluster(replicaName, replicaPort);

    const primary = connect(primaryPort, DATABASE);
    const replica = connect(replicaPort, DATABASE);
    connections.push(primary, replica);
    const [{ recovering }] = await replica<[{ recovering: boolean }]>`select pg_is_in_recovery() as recovering`;
    if (!recovering) throw new Error(`${replicaName} did not start as a standby`);

    const pair: ReplicaPair = {
      primaryUrl: urlOf(primaryPort),
      replicaUrl: urlOf(replicaPort),
      primary,
      replica,
      async waitForReplay() {
        const [{ lsn }] = await primary<[{ lsn: string }]>`select pg_current_wal_lsn()::text as lsn`;
        await pollUntil(`${replicaName} to replay up to ${lsn}`, async () => {
          const [row] = await replica<[{ caught: boolean | null }]>`
            select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as caught`;
          return row.caught === true;
        });
      },
      async pauseReplay() {
        await replica`select pg_wal_replay_pause()`;
        await pollUntil(`${replicaName} to pause its replay`, async () => {
          const [row] = await replica<[{ state: string }]>`select pg_get_wal_replay_pause_state() as state`;
          return row.state === 'paused';
        });
      },
      async resumeReplay() {
        await replica`select pg_wal_replay_resume()`;
      },
      drop,
    };
    await pair.waitForReplay();
    return pair;
  } catch (error) {
    await drop().catch((dropError: Error) => {
      (error as Error).message += `\n(removing the clusters failed too: ${dropError.message})`;
    });
    throw error;
  }
}

function requireTools(): void {
  const path = (process.env.PATH ?? '').split(delimiter);
  const missing = TOOLS.filter((tool) => !path.some((dir) => existsSync(join(dir, tool))));
  if (!existsSync(PG_CTL)) missing.push(PG_CTL);
  if (missing.length > 0) {
    throw new Error(
      `The replica test needs the postgresql-common tools and PostgreSQL ${VERSION} (apt-get install postgresql-${VERSION}); missing on PATH: ${missing.join(', ')}`,
    );
  }
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
function asClusterOwner(command: string, args: string[]): Promise<string> {
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
}

/** Creates a stopped cluster with trust authentication on loopback; returns its data directory. */
async function createCluster(name: string, port: number, created: string[]): Promise<string> {
  const options = CLUSTER_OPTIONS.flatMap((option) => ['-o', option]);
  await run('pg_createcluster', [VERSION, name, '-p', String(port), '-q', ...options, '--', '--no-sync']);
  created.push(name);
  writeFileSync(`/etc/postgresql/${VERSION}/${name}/pg_hba.conf`, TRUST_ALL);
  return (await clusterNamed(name)).dataDir;
}

/**
 * Starts a cluster with its own pg_ctl as pg_ctlcluster would (same data directory, config file
 * and log), without pg_ctlcluster's fixed two seconds of settling probes; then polls pg_isready.
 */
async function startCluster(name: string, port: number): Promise<void> {
  const cluster = await clusterNamed(name);
  await asClusterOwner(PG_CTL, [
    ...['start', '-w', '-s', '-D', cluster.dataDir, '-l', cluster.logFile],
    ...['-o', `-c config_file=/etc/postgresql/${VERSION}/${name}/postgresql.conf`],
  ]);
  await pollUntil(`${name} to accept connections on ${port}`, async () => {
    try {
      await execFileAsync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port), '-t', '1']);
      return true;
    } catch {
      return false;
    }
  });
}

interface Cluster {
  name: string;
  dataDir: string;
  logFile: string;
}

async function listClusters(): Promise<Cluster[]> {
  const lines = (await run('pg_lsclusters', ['--no-header'])).split('\n').filter(Boolean);
  return lines
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] === VERSION)
    .map((fields) => ({ name: fields[1]!, dataDir: fields[5]!, logFile: fields[6]! }));
}

async function clusterNamed(name: string): Promise<Cluster> {
  const cluster = (await listClusters()).find((candidate) => candidate.name === name);
  if (!cluster) throw new Error(`pg_lsclusters does not list ${name}`);
  return cluster;
}

/** `pg_dropcluster --stop` for each; tries them all, then reports every failure. */
async function dropClusters(names: string[]): Promise<void> {
  const failures: string[] = [];
  for (const name of names) {
    await run('pg_dropcluster', ['--stop', VERSION, name]).catch((error: Error) => failures.push(error.message));
  }
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

/** Clusters of this module whose test process is gone (a run killed before its afterAll). */
async function dropLeftovers(): Promise<void> {
  const orphans = (await listClusters())
    .map(({ name }) => ({ name, pid: Number(new RegExp(`^${NAME_PREFIX}(\\d+)_`).exec(name)?.[1]) }))
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

async function twoFreePorts(): Promise<[number, number]> {
  const first = await freePort();
  for (let tries = 0; tries < 10; tries++) {
    const second = await freePort();
    if (second !== first) return [first, second];
  }
  throw new Error('no second free port');
}

async function pollUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < POLL_TRIES; tries++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_GAP_MS));
  }
  throw new Error(`Gave up waiting for ${what} after ${POLL_TRIES} tries`);
}

const urlOf = (port: number, database = DATABASE) => `postgres://postgres@127.0.0.1:${port}/${database}`;

function connect(port: number, database: string): postgres.Sql {
  return postgres(urlOf(port, database), { max: 1, onnotice: () => {} });
}
