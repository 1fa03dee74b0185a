// Redis first; while Redis is unreachable, a per-instance bucket keeps limiting (logged once, recovered silently).
import { loggableError, type Logger } from '@caregraph/platform';
import { createMemoryBucket, type CostBucket } from './bucket';

export function createResilientBucket(primary: CostBucket, log: Logger): CostBucket {
  const fallback = createMemoryBucket();
  let degraded = false;
  return {
    async draw(key, cost, budget) {
      try {
        const result = await primary.draw(key, cost, budget);
        if (degraded) log.info('rate limiting is back on Redis');
        degraded = false;
        return result;
      } catch (error) {
        if (!degraded) log.warn(loggableError(error), 'Redis unreachable: rate limiting per instance until it is back');
        degraded = true;
        return fallback.draw(key, cost, budget);
      }
    },
  };
}
