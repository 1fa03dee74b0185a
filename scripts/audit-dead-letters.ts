// `npm run audit:dead-letters`: appends the ledger's dead letters again (once their cause is fixed); keeps those still refused.
import { appendEvents } from '@caregraph/audit';
import {
  ConfigError,
  createRedis,
  createRedisAuditStream,
  loadConfig,
  redisKeys,
  whenReady,
  openConfiguredDatabase,
  replayDeadLetters,
  runMain,
} from '@caregraph/platform';

runMain(
  async () => {
    const config = loadConfig();
    if (!config.REDIS_URL) {
      throw new ConfigError('REDIS_URL is not set: without Redis, dead letters live only in the running process');
    }
    const redis = createRedis(config.REDIS_URL);
    if (!(await whenReady(redis, 3000))) {
      redis.disconnect();
      throw new ConfigError('Redis at REDIS_URL does not answer');
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
