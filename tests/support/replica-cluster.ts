// A throwaway Postgres 15 primary and its streaming replica on free loopback ports, created and dropped by a test.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type postgres from 'postgres';
import {
  asClusterOwner,
  clusterName,
  connect,
  createCluster,
  dropClusters,
  dropLeftovers,
  requirePostgresTools,
} from './pg-cluster';
import { freePorts } from '@caregraph/platform/testing';
import { pollUntil } from './poll';

const DATABASE = 'caregraph';

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
  requirePostgresTools('The replica test', ['pg_basebackup']);
  await dropLeftovers();
  const created: string[] = [];
  const connections: postgres.Sql[] = [];
  const drop = async () => {
    await Promise.all(connections.map((sql) => sql.end({ timeout: 1 }).catch(() => {})));
    await dropClusters(created.splice(0).reverse());
  };
  try {
    const [primaryPort, replicaPort] = await freePorts(2);
    const primaryName = clusterName('replica', 'primary');
    const replicaName = clusterName('replica', 'standby');

    const primaryCluster = await createCluster(primaryName, primaryPort, created);
    await primaryCluster.start();
    const admin = connect(primaryCluster, 'postgres');
    connections.push(admin);
    await admin.unsafe(`create database ${DATABASE}`);

    const replicaCluster = await createCluster(replicaName, replicaPort, created);
    const replicaDir = replicaCluster.dataDir;
    for (const entry of readdirSync(replicaDir)) rmSync(join(replicaDir, entry), { recursive: true, force: true });
    await asClusterOwner('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
      ...['-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
    ]);
    await replicaCluster.start();

    const primary = connect(primaryCluster, DATABASE);
    const replica = connect(replicaCluster, DATABASE);
    connections.push(primary, replica);
    const [{ recovering }] = await replica<[{ recovering: boolean }]>`select pg_is_in_recovery() as recovering`;
    if (!recovering) throw new Error(`${replicaName} did not start as a standby`);

    const pair: ReplicaPair = {
      primaryUrl: primaryCluster.url(DATABASE),
      replicaUrl: replicaCluster.url(DATABASE),
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
