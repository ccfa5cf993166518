import { describe, expect, it } from 'vitest';
import { failedConstraints, pickBest, type Constraint } from '../../src/optimize/pareto/pick-best.js';
import { objectiveWeights, scalariseObjectives } from '../../src/optimize/objective-score.js';
import { OBJECTIVES } from './fixtures.js';

const trial = (name: string, quality: number, latency: number, p95: number | null) => ({
  name,
  objectives: { quality, latency },
  metrics: { latency_p95_ms: p95 },
});
// Latencies 30× apart: timings closer than about 24× tie (run-to-run noise), see noise-rule.ts.
const CANDIDATES = [
  trial('T0', 0.9, 900, 150),
  trial('T1', 0.8, 30, 80),
  trial('T2', 0.7, 32, 70), // dominated by T1: worse quality, latency a tie
  trial('T3', 0.6, 1, 30),
  trial('T4', 0.95, 27000, null), // p95 unknown
];
const FAST: Constraint = { metric: 'latency_p95_ms', op: '<', value: 100 };

describe('pickBest', () => {
  it('follows the weights when nothing is constrained', () => {
    expect(pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: { quality: 1 } }).best?.name).toBe('T4');
    // Normalised over all candidates: T0 = (0.857 + 0.967) / 2 beats T1 = (0.571 + 0.999) / 2.
    const both = pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: { quality: 1, latency: 1 } });
    expect(both.best?.name).toBe('T0');
    expect(both.score).toBeCloseTo((0.3 / 0.35 + 26100 / 26999) / 2, 12);
    expect(both.front.map((c) => c.name)).toEqual(['T0', 'T1', 'T3', 'T4']);
    expect(both.tie).toBeUndefined();
    expect(pickBest({ candidates: CANDIDATES, objectives: OBJECTIVES, weights: { latency: 1 } }).best?.name).toBe('T3');
  });

  it('picks among the feasible front and reports broken constraints', () => {
    const result = pickBest({
      candidates: CANDIDATES,
      objectives: OBJECTIVES,
      weights: { quality: 1 },
      constraints: [FAST],
    });
    expect(result.best?.name).toBe('T1');
    expect(result.front.map((c) => c.name)).toEqual(['T1', 'T3']);
    expect(result.violations).toEqual([{ constraint: FAST, failedBy: 2 }]);
  });

  it('returns undefined and the failing constraints when nothing is feasible', () => {
    const impossible: Constraint = { metric: 'latency_p95_ms', op: '<=', value: 10 };
    const ok: Constraint = { metric: 'latency_p95_ms', op: '>', value: 0 };
    const result = pickBest({
      candidates: CANDIDATES,
      objectives: OBJECTIVES,
      weights: {},
      constraints: [ok, impossible],
    });
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
    const rows = [
      { quality: 1, latency: 10 },
      { quality: 0, latency: 20 },
      { quality: 0.5, latency: null },
      null,
      { quality: 0.25, latency: 30 },
    ];
    // (3 * quality share + 1 * latency share) / 4, latency 10 best and 30 worst.
    expect(scalariseObjectives({ rows, objectives: OBJECTIVES, weights: { quality: 3, latency: 1 } })).toEqual([
      1, 0.125, 0.375, 0, 0.1875,
    ]);
  });

  it('defaults missing weights to 0 when some are given, to 1 when none are', () => {
    expect(objectiveWeights({ objectives: OBJECTIVES, weights: { quality: 2 } })).toEqual([2, 0]);
    expect(objectiveWeights({ objectives: OBJECTIVES, weights: {} })).toEqual([1, 1]);
    expect(objectiveWeights({ objectives: OBJECTIVES, weights: { quality: 0, latency: -1 } })).toEqual([1, 1]);
  });
});

describe('pickBest under noise', () => {
  // quality = answer F1 (SE from per-question values), latency = p50 (a timing, compared as a ratio).
  const noisy = (
    id: number,
    configHash: string,
    quality: number,
    latency: number,
    options: { se?: number; questions?: number } = {},
  ) => ({
    id,
    configHash,
    objectives: { quality, latency },
    metrics: { latency_p95_ms: latency },
    rungs: [
      {
        rung: 0,
        questions: options.questions ?? 186,
        metrics: {},
        objectives: { quality, latency },
        objectiveSe: { quality: options.se ?? 0.03, latency: 0.5 },
      },
    ],
  });
  const weights = { quality: 0.7, latency: 0.3 };

  it('breaks a tie within noise by questions, smoothed estimate, weighted score, then config hash', () => {
    // 0.41 vs 0.40 with SE 0.03 each: |0.01| < 1.96 · 0.042, a tie; 9 vs 4 ms is a timing tie too.
    const a = noisy(1, 'bbb', 0.4, 4);
    const b = noisy(2, 'aaa', 0.41, 9);
    const plain = pickBest({ candidates: [a, b], objectives: OBJECTIVES, weights });
    expect(plain.best?.id).toBe(2);
    expect(plain.tie).toEqual({ rival: a, decidedBy: 'better weighted score' });
    // The faster trial does not win on its latency: the measured 4 vs 9 ms is noise.
    expect(pickBest({ candidates: [a, b], objectives: OBJECTIVES, weights: { latency: 1 } }).tie?.decidedBy).toBe(
      'lower config hash',
    );
    const smoothed = pickBest({
      candidates: [a, b],
      objectives: OBJECTIVES,
      weights,
      smoothed: new Map([
        [1, 0.8],
        [2, 0.6],
      ]),
    });
    expect(smoothed.best?.id).toBe(1);
    expect(smoothed.tie).toEqual({ rival: b, decidedBy: 'better smoothed estimate' });
    // A smoothed estimate for one candidate only: it goes first.
    expect(
      pickBest({ candidates: [a, b], objectives: OBJECTIVES, weights, smoothed: new Map([[1, 0.1]]) }).best?.id,
    ).toBe(1);
    const more = pickBest({
      candidates: [a, noisy(2, 'aaa', 0.41, 9, { questions: 120 })],
      objectives: OBJECTIVES,
      weights,
    });
    expect(more.best?.id).toBe(1);
    expect(more.tie?.decidedBy).toBe('more questions');
    const same = pickBest({
      candidates: [noisy(1, 'bbb', 0.4, 4), noisy(2, 'aaa', 0.4, 9)],
      objectives: OBJECTIVES,
      weights,
    });
    expect(same.best?.id).toBe(2);
    expect(same.tie?.decidedBy).toBe('lower config hash');
  });

  it('gives the same pick whatever the latency noise, and in any input order', () => {
    const picks = [
      [noisy(1, 'c1', 0.4, 3), noisy(2, 'c2', 0.4, 11), noisy(3, 'c3', 0.2, 5, { se: 0.01 })],
      [noisy(1, 'c1', 0.4, 14), noisy(2, 'c2', 0.4, 2), noisy(3, 'c3', 0.2, 1, { se: 0.01 })],
    ]
      .flatMap((candidates) => [candidates, [...candidates].reverse()])
      .map((candidates) => pickBest({ candidates, objectives: OBJECTIVES, weights }).best?.id);
    expect(picks).toEqual([1, 1, 1, 1]);
  });

  it('is not a tie when the difference exceeds the noise, unpaired or paired', () => {
    const clear = pickBest({
      candidates: [noisy(1, 'a', 0.3, 5, { se: 0.01 }), noisy(2, 'b', 0.4, 5, { se: 0.01 })],
      objectives: OBJECTIVES,
      weights,
    });
    expect(clear.best?.id).toBe(2);
    expect(clear.tie).toBeUndefined();
    // SE 0.1 each: unpaired a tie. Per question, trial 2 beats trial 1 by 0.05 on every question.
    const candidates = [noisy(1, 'a', 0.35, 5, { se: 0.1 }), noisy(2, 'b', 0.4, 5, { se: 0.1 })];
    expect(pickBest({ candidates, objectives: OBJECTIVES, weights }).tie?.decidedBy).toBe('better weighted score');
    const perQuestion = (id: number) =>
      Array.from({ length: 10 }, (_, q) => ({ questionId: `q${q}`, value: (q % 5) / 10 + (id === 2 ? 0.05 : 0) }));
    const paired = pickBest({
      candidates,
      objectives: OBJECTIVES,
      weights,
      questionValuesOf: (c) => perQuestion(c.id),
    });
    expect(paired.best?.id).toBe(2);
    expect(paired.tie).toBeUndefined();
  });

  it('keeps a trial on the front unless something is significantly better somewhere and worse nowhere', () => {
    // 1 is better than 2 on quality, but only within noise: 2 stays on the front.
    const front = pickBest({
      candidates: [noisy(1, 'a', 0.42, 5), noisy(2, 'b', 0.4, 4), noisy(3, 'c', 0.1, 5, { se: 0.01 })],
      objectives: OBJECTIVES,
      weights,
    });
    expect(front.front.map((c) => c.id)).toEqual([1, 2]);
  });
});
