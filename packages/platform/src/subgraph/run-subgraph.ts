// Runs one subgraph as its own process (services mode): config, database, migrations, listen.
import { createAssertionVerifier } from '../auth/assertion';
import { loadOrCreateDevKeys } from '../auth/dev-keys';
import { loadConfig, subgraphPort, subgraphSettings, type SubgraphName } from '../config';
import { createRedisAuditStream } from '../audit/redis-stream';
import { createRedis } from '../redis';
import { openConfiguredDatabase } from '../db/database';
import { migrateSubgraph } from '../db/migrate';
import { listen } from '../http';
import { createLogger } from '../logger';
import { onShutdown } from '../run-main';
import type { SubgraphApp, SubgraphDeps } from './create-subgraph';

export interface SubgraphProcess {
  name: SubgraphName;
  migrationsFolder: string;
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
  await migrateSubgraph(database, spec.name, spec.migrationsFolder);
  const publicKey = config.ASSERTION_PUBLIC_KEY ?? (await loadOrCreateDevKeys(config.DATA_DIR)).assertion.publicKeyPem;
  const verifyAssertion = await createAssertionVerifier(publicKey, spec.name);
  if (!config.REDIS_URL) {
    throw new Error(
      `REDIS_URL is required to run the ${spec.name} subgraph on its own: access events travel through Redis`,
    );
  }
  const redis = createRedis(config.REDIS_URL);
  const subgraph = await spec.create({
    database,
    verifyAssertion,
    log,
    settings: subgraphSettings(config),
    auditStream: createRedisAuditStream(redis),
  });
  const listening = await listen(subgraph.app, subgraphPort(config, spec.name), config.HOST);
  log.info({ url: `${listening.url}/graphql` }, `${spec.name} subgraph listening`);
  onShutdown(async () => {
    await listening.close();
    await subgraph.stop();
    await database.close();
    redis.disconnect();
  });
}
