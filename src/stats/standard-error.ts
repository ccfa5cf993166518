import { mulberry32 } from './seeded-random.js';

/**
 * Standard error of the mean: sample standard deviation (n − 1) over √n. Null with fewer than two
 * values, where the spread of the mean cannot be estimated from the data.
 */
export function standardErrorOfMean(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  // Exactly 0 for constant values (the float mean of equal values can be off by one ulp).
  if (values.every((v) => v === values[0])) return 0;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(variance / n);
}

/**
 * Seeded bootstrap standard error of any statistic (e.g. a percentile): the standard deviation of
 * the statistic over `iterations` resamples with replacement. The same values, seed and
 * iterations always give the same figure. Null with fewer than two values or when the statistic
 * is undefined on a resample.
 */
export function bootstrapStandardError(options: {
  values: readonly number[];
  statistic: (sample: readonly number[]) => number | null;
  /** Resamples; default 500 (the SE is then within about 3% of its limit). */
  iterations?: number;
  /** PRNG seed; default 0. */
  seed?: number;
}): number | null {
  const { values, statistic } = options;
  const n = values.length;
  if (n < 2) return null;
  const random = mulberry32(options.seed ?? 0);
  const iterations = Math.max(2, Math.floor(options.iterations ?? 500));
  const estimates: number[] = [];
  const sample = new Array<number>(n);
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < n; j++) sample[j] = values[Math.floor(random() * n)];
    const estimate = statistic(sample);
    if (estimate === null || !Number.isFinite(estimate)) return null;
    estimates.push(estimate);
  }
  const mean = estimates.reduce((sum, v) => sum + v, 0) / iterations;
  return Math.sqrt(estimates.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (iterations - 1));
}
