// Redis first; while Redis is unreachable, a per-instance bucket keeps limiting (logged once per outage).
import { redisWithFallback, type Logger } from '@caregraph/platform';
import { createMemoryBucket, type CostBucket } from './bucket';

export function createResilientBucket(primary: CostBucket, log: Logger): CostBucket {
  const fallback = createMemoryBucket();
  const attempt = redisWithFallback(log, {
    down: 'Redis unreachable: rate limiting per instance until it is back',
    back: 'rate limiting is back on Redis',
  });
  return {
    draw: (key, cost, budget) =>
      attempt(
        () => primary.draw(key, cost, budget),
        () => fallback.draw(key, cost, budget),
      ),
  };
}
