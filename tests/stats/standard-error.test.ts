import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/stats/percentile.js';
import { bootstrapStandardError, standardErrorOfMean } from '../../src/stats/standard-error.js';

describe('standard errors', () => {
  it('SE of the mean is the sample SD over √n, undefined below two values', () => {
    // mean 2.5, sample variance 5/3, SE = √(5/3 / 4).
    expect(standardErrorOfMean([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 12), 12);
    expect(standardErrorOfMean([0.7, 0.7, 0.7])).toBe(0);
    expect(standardErrorOfMean([1])).toBeNull();
    expect(standardErrorOfMean([])).toBeNull();
  });

  it('bootstrap SE repeats for a seed and matches the analytic SE of a mean', () => {
    const values = Array.from({ length: 40 }, (_, i) => (i * 37) % 11);
    const mean = (sample: readonly number[]) => sample.reduce((s, v) => s + v, 0) / sample.length;
    const once = bootstrapStandardError({ values, statistic: mean, iterations: 2000, seed: 3 });
    expect(bootstrapStandardError({ values, statistic: mean, iterations: 2000, seed: 3 })).toBe(once);
    expect(bootstrapStandardError({ values, statistic: mean, iterations: 2000, seed: 4 })).not.toBe(once);
    // The bootstrap SE of a mean tends to the population SD over √n: within 5% at 2000 resamples.
    const populationSd = Math.sqrt(values.reduce((s, v) => s + (v - mean(values)) ** 2, 0) / values.length);
    expect(Math.abs(once! / (populationSd / Math.sqrt(values.length)) - 1)).toBeLessThan(0.05);
  });

  it('bootstrap SE of a percentile is 0 for constant values and null below two values', () => {
    const p95 = (sample: readonly number[]) => percentile({ values: sample, p: 95 });
    expect(bootstrapStandardError({ values: [5, 5, 5, 5], statistic: p95 })).toBe(0);
    expect(bootstrapStandardError({ values: [5], statistic: p95 })).toBeNull();
  });
});
