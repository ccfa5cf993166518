/**
 * Timing helpers for the benchmarks: wall-clock milliseconds of a call, and the median over
 * repeated batches (the median shrugs off a GC pause or a noisy neighbour in one batch).
 */

/** Runs `work` once and returns its result and wall-clock duration in ms. */
export function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Per-call latency of `run(item)` over a batch: one warm-up pass, then the median of `repetitions` passes. */
export function medianBatchLatency<T>(options: { items: T[]; repetitions: number; run: (item: T) => unknown }): {
  msPerItem: number;
  perSecond: number;
} {
  const { items, repetitions, run } = options;
  for (const item of items) run(item);
  const perItem: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const { ms } = timed(() => {
      for (const item of items) run(item);
    });
    perItem.push(ms / items.length);
  }
  const msPerItem = median(perItem);
  return { msPerItem, perSecond: 1000 / msPerItem };
}
