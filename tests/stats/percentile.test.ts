import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/stats/percentile.js';

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    expect(percentile({ values: [4, 1, 3, 2], p: 50 })).toBe(2.5);
    // rank = 0.95 · 3 = 2.85 → 3 + 0.85 · (4 − 3).
    expect(percentile({ values: [1, 2, 3, 4], p: 95 })).toBeCloseTo(3.85, 10);
    expect(percentile({ values: [10, 20, 30], p: 50 })).toBe(20);
  });
  it('handles the ends and degenerate lists', () => {
    expect(percentile({ values: [3, 1, 2], p: 0 })).toBe(1);
    expect(percentile({ values: [3, 1, 2], p: 100 })).toBe(3);
    expect(percentile({ values: [3, 1, 2], p: 150 })).toBe(3);
    expect(percentile({ values: [7], p: 95 })).toBe(7);
    expect(percentile({ values: [], p: 50 })).toBeNull();
  });
  it('does not reorder the caller array', () => {
    const values = [3, 1, 2];
    percentile({ values, p: 50 });
    expect(values).toEqual([3, 1, 2]);
  });
});
