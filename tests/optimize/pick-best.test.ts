import { describe, expect, it } from 'vitest';
import { failedConstraints, pickBest, type Constraint } from '../../src/optimize/pareto/pick-best.js';
import { objectiveWeights, scalariseObjectives } from '../../src/optimize/proposers/objective-score.js';
import { OBJECTIVES } from './fixtures.js';

const trial = (name: string, quality: number, latency: number, p95: number | null) => ({
  name,
  objectives: { quality, latency },
  metrics: { latency_p95_ms: p95 },
});
const CANDIDATES = [
  trial('T0', 0.9, 100, 150),
  trial('T1', 0.8, 50, 80),
  trial('T2', 0.7, 60, 70), // dominated by T1
  trial('T3', 0.6, 20, 30),
  trial('T4', 0.95, 200, null), // p95 unknown
];
const FAST: Constraint = { metric: 'latency_p95_ms', op: '<', value: 100 };

describe('pickBest', () => {
  it('follows the weights when nothing is constrained', () => {
    expect(pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: { quality: 1 } }).best?.name).toBe('T4');
    // Normalised over all candidates: T0 = (0.857 + 0.556) / 2 beats T1 = (0.571 + 0.833) / 2.
    const both = pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: { quality: 1, latency: 1 } });
    expect(both.best?.name).toBe('T0');
    expect(both.score).toBeCloseTo((0.3 / 0.35 + 100 / 180) / 2, 12);
    expect(pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: { latency: 1 } }).best?.name).toBe('T3');
  });

  it('picks among the feasible front and reports broken constraints', () => {
    const result = pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: { quality: 1 }, constraints: [FAST] });
    expect(result.best?.name).toBe('T1');
    expect(result.front.map((c) => c.name)).toEqual(['T1', 'T3']);
    expect(result.violations).toEqual([{ constraint: FAST, failedBy: 2 }]);
  });

  it('returns undefined and the failing constraints when nothing is feasible', () => {
    const impossible: Constraint = { metric: 'latency_p95_ms', op: '<=', value: 10 };
    const ok: Constraint = { metric: 'latency_p95_ms', op: '>', value: 0 };
    const result = pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: {}, constraints: [ok, impossible] });
    expect(result.best).toBeUndefined();
    expect(result.score).toBeUndefined();
    expect(result.violations).toEqual([
      { constraint: impossible, failedBy: 5 },
      { constraint: ok, failedBy: 1 },
    ]);
  });

  it('treats a missing metric as breaking its constraint', () => {
    expect(failedConstraints({ metrics: { latency_p95_ms: null }, constraints: [FAST] })).toEqual([FAST]);
    expect(failedConstraints({ metrics: null, constraints: [FAST] })).toEqual([FAST]);
    expect(failedConstraints({ metrics: { latency_p95_ms: 99 }, constraints: [FAST] })).toEqual([]);
    expect(failedConstraints({ metrics: { latency_p95_ms: 100 }, constraints: [{ ...FAST, op: '>=' }] })).toEqual([]);
  });
});

describe('objective scores', () => {
  it('normalises per objective, direction aware, with nulls as worst', () => {
    const rows = [{ quality: 1, latency: 10 }, { quality: 0, latency: 20 }, { quality: 0.5, latency: null }, null, { quality: 0.25, latency: 30 }];
    // (3 * quality share + 1 * latency share) / 4, latency 10 best and 30 worst.
    expect(scalariseObjectives({ rows, objectives: OBJECTIVES, weights: { quality: 3, latency: 1 } })).toEqual([1, 0.125, 0.375, 0, 0.1875]);
  });

  it('defaults missing weights to 0 when some are given, to 1 when none are', () => {
    expect(objectiveWeights({ objectives: OBJECTIVES, weights: { quality: 2 } })).toEqual([2, 0]);
    expect(objectiveWeights({ objectives: OBJECTIVES, weights: {} })).toEqual([1, 1]);
    expect(objectiveWeights({ objectives: OBJECTIVES, weights: { quality: 0, latency: -1 } })).toEqual([1, 1]);
  });
});
