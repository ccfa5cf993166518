import { describe, expect, it } from 'vitest';
import { pairedComparison, type QuestionValue } from '../../src/metrics/paired-comparison.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

const values = (list: (number | null)[], prefix = 'q'): QuestionValue[] =>
  list.map((value, i) => ({ questionId: `${prefix}${i}`, value }));

describe('mulberry32', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(draws);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeGreaterThan(0.45);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('pairedComparison', () => {
  const baseline = values([0.2, 0.5, 0.1, 0.9, 0.4, 0.3, 0.6, 0.7]);
  const candidate = values([0.4, 0.6, 0.3, 0.8, 0.6, 0.5, 0.6, 0.9]);

  it('computes the mean difference and a deterministic interval under a seed', () => {
    const first = pairedComparison({ baseline, candidate, seed: 7 });
    const second = pairedComparison({ baseline, candidate: [...candidate].reverse(), seed: 7 });
    expect(second).toEqual(first);
    expect(first.n).toBe(8);
    expect(first.meanDifference).toBeCloseTo(0.125, 10);
    expect(first.ciLow!).toBeLessThanOrEqual(first.meanDifference!);
    expect(first.ciHigh!).toBeGreaterThanOrEqual(first.meanDifference!);
    expect(first.ciLow!).toBeGreaterThanOrEqual(-0.1);
    expect(first.ciHigh!).toBeLessThanOrEqual(0.2);
    expect(pairedComparison({ baseline, candidate, seed: 8 }).ciLow).not.toBe(first.ciLow);
  });
  it('collapses the interval for a constant difference', () => {
    const result = pairedComparison({ baseline, candidate: baseline.map((v) => ({ ...v, value: v.value! + 0.1 })) });
    expect(result.ciLow).toBeCloseTo(0.1, 10);
    expect(result.ciHigh).toBeCloseTo(0.1, 10);
  });
  it('pairs by id and drops missing or null values', () => {
    const result = pairedComparison({
      baseline: [
        { questionId: 'a', value: 1 },
        { questionId: 'b', value: null },
        { questionId: 'c', value: 0 },
      ],
      candidate: [
        { questionId: 'c', value: 1 },
        { questionId: 'b', value: 1 },
        { questionId: 'd', value: 1 },
      ],
    });
    expect(result).toEqual({ n: 1, baselineMean: 0, candidateMean: 1, meanDifference: 1, ciLow: 1, ciHigh: 1 });
  });
  it('returns nulls with no pairs and rejects duplicate ids', () => {
    expect(pairedComparison({ baseline: [], candidate: [] }).meanDifference).toBeNull();
    expect(() => pairedComparison({ baseline: values([1, 2]).concat(values([3])), candidate: [] })).toThrow(
      /duplicate/,
    );
  });
});
