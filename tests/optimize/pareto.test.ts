import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../src/optimize/pareto/hypervolume.js';
import { dominates, nonDominatedSort, type Direction } from '../../src/optimize/pareto/non-dominated-sort.js';
import { paretoFront } from '../../src/optimize/pareto/pareto-front.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

// quality (max), latency in ms (min). Front by hand: A, B, D. C is dominated by B, E by D,
// F (unknown latency = worst) by A.
const TABLE = {
  A: [0.9, 100],
  B: [0.8, 50],
  C: [0.7, 60],
  D: [0.6, 20],
  E: [0.5, 30],
  F: [0.9, null],
} as const;
const names = Object.keys(TABLE);
const points = Object.values(TABLE);
const directions: Direction[] = ['max', 'min'];

describe('non-dominated sort', () => {
  it('finds the hand-computed fronts for mixed directions with nulls as worst', () => {
    const fronts = nonDominatedSort({ points, directions }).map((front) => front.map((i) => names[i]));
    expect(fronts).toEqual([
      ['A', 'B', 'D'],
      ['C', 'E', 'F'],
    ]);
  });

  it('never lets a point dominate itself or an equal point', () => {
    expect(dominates([1, 2], [1, 2], directions)).toBe(false);
    expect(dominates([null, 2], [null, 2], directions)).toBe(false);
    expect(dominates([1, 2], [1, 3], directions)).toBe(true);
    expect(
      nonDominatedSort({
        points: [
          [1, 1],
          [1, 1],
        ],
        directions,
      }),
    ).toEqual([[0, 1]]);
  });

  it('returns front members of trial-like rows', () => {
    const rows = names.map((name, i) => ({ name, objectives: { quality: points[i][0], latency: points[i][1] } }));
    const objectives = [
      { name: 'quality', metric: 'f1', direction: 'max' as const },
      { name: 'latency', metric: 'latency_p50_ms', direction: 'min' as const },
    ];
    expect(paretoFront({ items: rows, objectives }).map((r) => r.name)).toEqual(['A', 'B', 'D']);
  });
});

describe('hypervolume', () => {
  it('matches the hand-computed value of the toy table (2 objectives)', () => {
    // Box: quality 0.4..1.0, latency 120..0 (area 72). Dominated: A 0.5×20 + B 0.4×50 + D 0.2×30 = 36.
    expect(hypervolume({ points, directions, reference: [0.4, 120], ideal: [1, 0] })).toBeCloseTo(0.5, 12);
  });

  it('ignores points beyond the reference and unknown values', () => {
    const withBad = [...points, [0.3, 5], [null, 1]];
    expect(hypervolume({ points: withBad, directions, reference: [0.4, 120], ideal: [1, 0] })).toBeCloseTo(0.5, 12);
  });

  it('matches inclusion–exclusion for 3 objectives', () => {
    const cube: Direction[] = ['min', 'min', 'min'];
    const pts = [
      [0.5, 0.5, 0.5],
      [0, 0, 0.75],
      [0.25, 0.75, 0.25],
    ];
    // 0.125 + 0.25 + 0.140625 - (0.0625 + 0.0625 + 0.046875) + 0.03125
    expect(hypervolume({ points: pts, directions: cube, reference: [1, 1, 1], ideal: [0, 0, 0] })).toBeCloseTo(
      0.375,
      12,
    );
  });

  it('agrees with its seeded Monte-Carlo estimate for 4 objectives', () => {
    const random = mulberry32(3);
    const pts = Array.from({ length: 12 }, () => [random(), random(), random(), random()]);
    const four: Direction[] = ['min', 'max', 'min', 'max'];
    const options = { points: pts, directions: four, reference: [1, 0, 1, 0], ideal: [0, 1, 0, 1] };
    const exact = hypervolume(options);
    const estimate = hypervolume({ ...options, exactWorkLimit: 0, samples: 100_000, seed: 9 });
    expect(exact).toBeGreaterThan(0);
    expect(Math.abs(exact - estimate)).toBeLessThan(0.01);
    expect(hypervolume({ ...options, exactWorkLimit: 0, samples: 100_000, seed: 9 })).toBe(estimate);
  });
});
