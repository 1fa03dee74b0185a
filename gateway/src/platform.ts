// startPlatform: the four subgraphs and the gateway in one process, each on its own port.
import {
  createAssertionVerifier,
  createReplayGuard,
  createMemoryAuditStream,
  openConfiguredRedis,
  createRedisAuditStream,
  redisKeys,
  whenReady,
  subgraphSettings,
  listen,
  markDraining,
  subgraphPort,
  sumDrainReports,
  type Config,
  type Database,
  type DevKeys,
  type DrainReport,
  type AuditStream,
  type Listening,
  type Logger,
  type SubgraphName,
} from '@caregraph/platform';
import type { FetchStats } from './datasource';
import { assembleGateway } from './assemble';
import { SUBGRAPHS } from './subgraph-registry';

export interface PlatformOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** Development keys; production passes keys through config instead. */
  devKeys?: DevKeys;
  /** `configured` uses the *_PORT variables; `random` lets the OS pick (tests). */
  ports?: 'configured' | 'random';
  /** Field rules on (default); off only for the benchmark's unprotected reference. */
  enforcePermissions?: boolean;
  /** Access recording on (default); off only for the benchmark's unaudited reference. */
  recordAccess?: boolean;
  /** The stream access events go to (default: Redis when REDIS_URL or REDIS_CLUSTER_NODES is set, else in process). */
  auditStream?: AuditStream;
  /** Whether the audit subgraph writes the ledger (default true). */
  runLedgerWriter?: boolean;
}

export interface RunningPlatform {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** Subgraph fetches the gateway has made. */
  stats: FetchStats;
  /** Re-reads the trusted-document manifests; false when a bad one left the previous in force. */
  reloadTrustedDocuments(): boolean;
  /** Closes at once, cutting whatever is in flight (tests). */
  stop(): Promise<void>;
  /**
   * Stops gracefully within `graceMs` (SIGTERM): every readiness turns 503 at once; the gateway
   * drains first (its requests still reach the subgraphs), then the subgraphs in the time left;
   * then everything is stopped and released, as `stop` does.
   */
  drain(graceMs: number): Promise<DrainReport>;
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const { config, database, log, devKeys } = options;
  const publicKey = config.ASSERTION_PUBLIC_KEY ?? devKeys?.assertion.publicKeyPem;
  if (!publicKey) throw new Error('ASSERTION_PUBLIC_KEY is required');
  const port = (configured: number) => (options.ports === 'random' ? 0 : configured);

  const stops: Array<() => Promise<void>> = [];
  const redis = openConfiguredRedis(config);
  // The ledger writer reads as soon as the audit subgraph is built: not before the connection is up.
  if (redis && !(await whenReady(redis))) log.warn('Redis is not reachable yet: access events wait for it');
  const auditStream =
    options.auditStream ??
    (redis ? createRedisAuditStream(redis, redisKeys(config.REDIS_PREFIX).auditStream) : createMemoryAuditStream());
  // Last: the ledger writer stores what the final requests published before this goes.
  const release = () => {
    auditStream.close?.();
    redis?.disconnect();
  };
  const stopAll = async () => {
    for (const stop of stops) await stop();
    release();
  };
  const subgraphUrls = {} as Record<SubgraphName, string>;
  const subgraphs: Array<{ app: object; served: Listening; stop(): Promise<void> }> = [];
  let gateway: Awaited<ReturnType<typeof assembleGateway>>;
  let listening: Listening;
  try {
    for (const subgraph of SUBGRAPHS) {
      const replays = createReplayGuard(redis, redisKeys(config.REDIS_PREFIX).assertion, subgraph.name);
      const verifyAssertion = await createAssertionVerifier(publicKey, subgraph.name, replays);
      const built = await subgraph.create({
        database,
        verifyAssertion,
        log: log.child({ service: subgraph.name }),
        enforcePermissions: options.enforcePermissions,
        recordAccess: options.recordAccess,
        runLedgerWriter: options.runLedgerWriter,
        settings: subgraphSettings(config),
        auditStream,
      });
      const served = await listen(built.app, port(subgraphPort(config, subgraph.name)), config.HOST);
      subgraphUrls[subgraph.name] = `${served.url}/graphql`;
      subgraphs.push({ app: built.app, served, stop: built.stop });
      stops.push(
        () => served.close(),
        () => built.stop(),
      );
    }

    gateway = await assembleGateway(config, log.child({ service: 'gateway' }), subgraphUrls, devKeys);
    listening = await listen(gateway.app, port(config.GATEWAY_PORT), config.HOST);
    stops.unshift(
      () => listening.close(),
      () => gateway.close(),
    );
  } catch (error) {
    // A start that fails half-way (a bad key, a port in use) leaves nothing listening.
    await stopAll();
    throw error;
  }

  return {
    gatewayUrl: `${listening.url}/graphql`,
    subgraphUrls,
    stats: gateway.stats,
    reloadTrustedDocuments: gateway.reloadTrustedDocuments,
    stop: stopAll,
    async drain(graceMs) {
      const deadline = Date.now() + graceMs;
      for (const { app } of subgraphs) markDraining(app);
      const reports = [await listening.drain(graceMs)];
      await gateway.close();
      const left = () => Math.max(0, deadline - Date.now());
      reports.push(...(await Promise.all(subgraphs.map(({ served }) => served.drain(left())))));
      for (const { stop } of subgraphs) await stop();
      release();
      return sumDrainReports(reports);
    },
  };
}
