// `npm run audit:dead-letters`: appends the ledger's dead letters again (once their cause is fixed); keeps those still refused.
import { appendEvents } from '@caregraph/audit';
import {
  ConfigError,
  createRedisAuditStream,
  loadConfig,
  openConfiguredRedis,
  redisKeys,
  whenReady,
  openConfiguredDatabase,
  replayDeadLetters,
  runMain,
} from '@caregraph/platform';

runMain(
  async () => {
    const config = loadConfig();
    const redis = openConfiguredRedis(config);
    if (!redis) {
      throw new ConfigError(
        'Neither REDIS_URL nor REDIS_CLUSTER_NODES is set: without Redis, dead letters live only in the running process',
      );
    }
    if (!(await whenReady(redis, 3000))) {
      redis.disconnect();
      throw new ConfigError(
        `Redis at ${config.REDIS_CLUSTER_NODES ? 'REDIS_CLUSTER_NODES' : 'REDIS_URL'} does not answer`,
      );
    }
    const database = await openConfiguredDatabase(config);
    try {
      const stream = createRedisAuditStream(redis, redisKeys(config.REDIS_PREFIX).auditStream);
      const { replayed, kept } = await replayDeadLetters(stream, (events) => appendEvents(database, events));
      process.stdout.write(`Dead letters appended to the ledger: ${replayed}; still refused and kept: ${kept}\n`);
    } finally {
      redis.disconnect();
      await database.close();
    }
  },
  { exitWhenDone: true },
);
