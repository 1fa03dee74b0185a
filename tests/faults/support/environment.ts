// What the fault suite runs against: its own Postgres cluster and Redis, the five services as processes, a delaying proxy before the prescription subgraph.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { migrateAll, seedAll } from '@caregraph/gateway';
import { openDatabase } from '@caregraph/platform';
import { TEST_DATA_DIR, freePort, freePorts } from '@caregraph/platform/testing';
import {
  clusterName,
  connect,
  createCluster,
  dropClusters,
  dropLeftovers,
  requirePostgresTools,
  type PgCluster,
} from '../../support/pg-cluster';
import { createRestartableRedis, type RestartableRedis } from '../../support/restartable-redis';
import { startDelayProxy, type DelayProxy } from './delay-proxy';
import { createServices, type Services } from './services';

const DATABASE = 'caregraph';
/** Few patients: the faults are the point, not the volume. */
export const FAULT_SEED_PATIENTS = 12;

/** The gateway's traffic policy, short enough for a breaker to open and close within a scenario. */
export const TRAFFIC = {
  SUBGRAPH_TIMEOUT_MS: 1000,
  SUBGRAPH_RETRY_ATTEMPTS: 2,
  SUBGRAPH_BREAKER_FAILURE_RATE: 0.5,
  SUBGRAPH_BREAKER_WINDOW_MS: 2000,
  SUBGRAPH_BREAKER_MIN_REQUESTS: 5,
  SUBGRAPH_BREAKER_HALF_OPEN_AFTER_MS: 500,
} as const;
export const SHUTDOWN_GRACE_MS = 5000;

export interface FaultEnvironment {
  cluster: PgCluster;
  /** Superuser connection to the suite's database (reads the ledger past RLS). */
  sql: postgres.Sql;
  /** Its append-only file fsynced on every write: killed, it comes back with what it acknowledged. */
  redis: RestartableRedis;
  /** Between the gateway and the prescription subgraph. */
  proxy: DelayProxy;
  services: Services;
  /** The copy of schema/persisted the gateway reads its manifests from (TRUSTED_DOCUMENTS_DIR). */
  manifestsDir: string;
  teardown(): Promise<void>;
}

/**
 * Creates everything, migrated and seeded, every service ready. A failure half-way removes what
 * was made (processes, cluster, Redis, directories) before rethrowing.
 */
export async function startFaultEnvironment(): Promise<FaultEnvironment> {
  requirePostgresTools('The fault suite');
  await dropLeftovers();
  const created: string[] = [];
  const cleanups: Array<() => Promise<unknown> | unknown> = [() => dropClusters(created.splice(0))];
  const teardown = async () => {
    const failures: string[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((error: Error) => failures.push(error.message));
    }
    if (failures.length) throw new Error(`fault environment teardown: ${failures.join('\n')}`);
  };
  try {
    const cluster = await createCluster(clusterName('faults', 'main'), await freePort(), created);
    await cluster.start();
    const admin = connect(cluster, 'postgres');
    await admin.unsafe(`create database ${DATABASE}`);
    await admin.end();
    const database = await openDatabase({ url: cluster.url(DATABASE), poolMax: 2 });
    await migrateAll(database);
    await seedAll(database, FAULT_SEED_PATIENTS);
    await database.close();
    const sql = connect(cluster, DATABASE);
    cleanups.push(() => sql.end({ timeout: 1 }));

    const redis = await createRestartableRedis({ appendOnly: true });
    cleanups.push(() => redis.stop());
    await redis.start();

    const manifestsDir = mkdtempSync(join(tmpdir(), 'caregraph-faults-manifests-'));
    cleanups.push(() => rmSync(manifestsDir, { recursive: true, force: true }));
    cpSync('schema/persisted', manifestsDir, { recursive: true });

    // The proxy needs the subgraph's port before the gateway starts: it forwards to a port chosen now.
    const [gateway, patient, appointment, prescription, audit] = await freePorts(5);
    const ports = {
      gateway: gateway!,
      patient: patient!,
      appointment: appointment!,
      prescription: prescription!,
      audit: audit!,
    };
    const proxy = await startDelayProxy(`http://127.0.0.1:${ports.prescription}`);
    cleanups.push(() => proxy.close());
    const services = await createServices({
      env: {
        DATABASE_URL: cluster.url(DATABASE),
        DATABASE_POOL_MAX: '4',
        REDIS_URL: redis.url,
        DATA_DIR: TEST_DATA_DIR,
        SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
      },
      gatewayEnv: {
        ...Object.fromEntries(Object.entries(TRAFFIC).map(([name, value]) => [name, String(value)])),
        TRUSTED_DOCUMENTS_DIR: manifestsDir,
        // The load must never meet the rate limit: the faults are what is measured.
        RATE_LIMIT_CAPACITY: '100000000',
        RATE_LIMIT_RESTORE_RATE: '10000000',
      },
      ports,
      gatewayRoutes: { prescription: proxy.url },
    });
    cleanups.push(() => services.killAll());
    await services.startAll();
    return { cluster, sql, redis, proxy, services, manifestsDir, teardown };
  } catch (error) {
    await teardown().catch((teardownError: Error) => {
      (error as Error).message += `\n(${teardownError.message})`;
    });
    throw error;
  }
}
