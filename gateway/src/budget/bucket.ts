// The leaky bucket of cost points each principal draws from, and its in-memory implementation.

/** Points the bucket holds when full, and points restored per second. */
export interface Budget {
  capacity: number;
  restoreRate: number;
}

export interface Draw {
  allowed: boolean;
  /** Points left after this draw (or before it, when refused). */
  available: number;
}

export interface CostBucket {
  /** Takes `cost` points from `key`'s bucket if they are there; otherwise takes nothing. */
  draw(key: string, cost: number, budget: Budget): Promise<Draw>;
}

/** Seconds until `needed` points are available again. */
export function secondsUntil(available: number, needed: number, budget: Budget): number {
  return Math.max(0, Math.ceil((Math.min(needed, budget.capacity) - available) / budget.restoreRate));
}

/** One process's buckets: embedded mode, and the fallback while Redis is unreachable. */
export function createMemoryBucket(now: () => number = () => Date.now() / 1000): CostBucket {
  const buckets = new Map<string, { available: number; at: number }>();
  return {
    async draw(key, cost, budget) {
      const t = now();
      const state = buckets.get(key) ?? { available: budget.capacity, at: t };
      let available = Math.min(budget.capacity, state.available + Math.max(0, t - state.at) * budget.restoreRate);
      const allowed = cost <= available;
      if (allowed) available -= cost;
      buckets.set(key, { available, at: t });
      if (buckets.size > 100_000) buckets.delete(buckets.keys().next().value!);
      return { allowed, available };
    },
  };
}
