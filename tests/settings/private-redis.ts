// A Redis server of the settings suite's own: keys and TTLs seen there were written by its rows, and no one else reads its streams.
import { startPrivateRedis } from '../support/redis-keys';
import type { RowContext } from './harness';

export type PrivateRedis = Awaited<ReturnType<typeof startPrivateRedis>>;

/** Started by the first row that asks, stopped after the file. */
export const privateRedis = (context: RowContext): Promise<PrivateRedis> =>
  context.shared('private redis', startPrivateRedis, (redis) => redis.stop());
