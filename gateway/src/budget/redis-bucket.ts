// The shared leaky bucket in Redis: one Lua script reads, restores, draws and writes atomically.
import type { RedisClient } from '@caregraph/platform';
import type { CostBucket } from './bucket';

/** KEYS[1] bucket; ARGV capacity, restore rate per second, cost. Redis's clock, so every gateway agrees. */
const DRAW = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'available', 'at')
local available = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
available = math.min(capacity, available + math.max(0, now - at) * rate)
local allowed = 0
if cost <= available then
  available = available - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'available', tostring(available), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return { allowed, tostring(available) }
`;

/** `prefix` is redisKeys(REDIS_PREFIX).budget. One key per script call, so any node of a Redis Cluster can run it. */
export function createRedisBucket(redis: RedisClient, prefix: string): CostBucket {
  redis.defineCommand('caregraphDraw', { numberOfKeys: 1, lua: DRAW });
  const draw = (
    redis as unknown as { caregraphDraw(...args: Array<string | number>): Promise<[number, string]> }
  ).caregraphDraw.bind(redis);
  return {
    async draw(key, cost, budget) {
      const [allowed, available] = await draw(`${prefix}${key}`, budget.capacity, budget.restoreRate, cost);
      return { allowed: allowed === 1, available: Number(available) };
    },
  };
}
