// Runs one subgraph as its own process (services mode): config, database, migrations, listen.
import { createAssertionVerifier } from '../auth/assertion';
import { createReplayGuard } from '../auth/replay-guard';
import { loadOrCreateDevKeys } from '../auth/dev-keys';
import { loadConfig, subgraphPort, subgraphSettings, type SubgraphName } from '../config';
import { createRedisAuditStream } from '../audit/redis-stream';
import { openConfiguredRedis, redisKeys, whenReady } from '../redis';
import { openConfiguredDatabase } from '../db/database';
import { migrateSubgraph } from '../db/migrate';
import { listen } from '../http';
import { createLogger } from '../logger';
import { onShutdown } from '../run-main';
import type { SubgraphApp, SubgraphDeps } from './create-subgraph';

export interface SubgraphProcess {
  name: SubgraphName;
  migrationsFolder: string;
  /** Interfaces of other subgraphs its migrations and queries read (migrated before it). */
  requires?: readonly string[];
  create(deps: SubgraphDeps): Promise<SubgraphApp>;
}

export async function runSubgraphProcess(spec: SubgraphProcess): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, spec.name);
  if (!config.DATABASE_URL) {
    throw new Error(
      `DATABASE_URL is required to run the ${spec.name} subgraph on its own (npm start runs everything embedded)`,
    );
  }
  const database = await openConfiguredDatabase(config);
  await migrateSubgraph(database, spec.name, spec.migrationsFolder, { requires: spec.requires });
  const publicKey = config.ASSERTION_PUBLIC_KEY ?? (await loadOrCreateDevKeys(config.DATA_DIR)).assertion.publicKeyPem;
  const redis = openConfiguredRedis(config);
  if (!redis) {
    throw new Error(
      `REDIS_URL (or REDIS_CLUSTER_NODES) is required to run the ${spec.name} subgraph on its own: access events travel through Redis`,
    );
  }
  // The audit subgraph's ledger writer reads at once: not before the connection is up.
  if (!(await whenReady(redis))) log.warn('Redis is not reachable yet: access events wait for it');
  const replays = createReplayGuard(redis, redisKeys(config.REDIS_PREFIX).assertion, spec.name);
  const verifyAssertion = await createAssertionVerifier(publicKey, spec.name, replays);
  const subgraph = await spec.create({
    database,
    verifyAssertion,
    log,
    settings: subgraphSettings(config),
    auditStream: createRedisAuditStream(redis, redisKeys(config.REDIS_PREFIX).auditStream),
  });
  const listening = await listen(subgraph.app, subgraphPort(config, spec.name), config.HOST);
  log.info({ url: `${listening.url}/graphql` }, `${spec.name} subgraph listening`);
  onShutdown(log, async () => {
    const report = await listening.drain(config.SHUTDOWN_GRACE_MS);
    // The audit subgraph's stop lets its ledger writer store what the drained requests handed off.
    await subgraph.stop();
    await database.close();
    redis.disconnect();
    return report;
  });
}
