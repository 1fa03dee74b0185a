// Timing helpers for benchmarks: sequential requests, medians and percentiles in milliseconds.
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Runs `once` `count` times one after another and returns each duration in milliseconds. */
export async function timeSequential(count: number, once: () => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await once();
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return durations;
}
