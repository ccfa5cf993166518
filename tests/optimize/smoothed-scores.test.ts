import { describe, expect, it } from 'vitest';
import type { Objective } from '../../src/optimize/proposers/proposer.js';
import { scalarisedVariances, trialFidelities } from '../../src/optimize/proposers/auto/score-variance.js';
import { bestSmoothedTrial, smoothedScores } from '../../src/optimize/proposers/auto/smoothed-scores.js';
import type { RungResult, TrialRecord } from '../../src/store/trial.js';
import { SearchSpaceSchema, type SearchSpace } from '../../src/space/parameter-schema.js';
import { makeTrial } from './fixtures.js';

/** Two three-valued parameters: nine configurations. */
const SPACE: SearchSpace = SearchSpaceSchema.parse({
  name: 'two-by-three',
  parameters: [
    { name: 'model', type: 'categorical', group: 'generator', values: ['m1', 'm2', 'm3'] },
    { name: 'index', type: 'categorical', group: 'retrieval', values: ['i1', 'i2', 'i3'] },
  ],
});
const QUALITY: Objective[] = [{ name: 'quality', metric: 'f1', direction: 'max' }];

/**
 * Model m1 is consistently good (0.70-0.72 with every index), m3 is poor except one lucky 0.80
 * (#3), m2 is middling. The raw best is the outlier #3.
 */
function history(): TrialRecord[] {
  const rows: [string, string, number][] = [
    ['m1', 'i1', 0.7],
    ['m1', 'i2', 0.72],
    ['m1', 'i3', 0.71],
    ['m3', 'i1', 0.8],
    ['m3', 'i2', 0.3],
    ['m3', 'i3', 0.32],
    ['m2', 'i1', 0.5],
    ['m2', 'i2', 0.5],
  ];
  return rows.map(([model, index, quality], number) =>
    makeTrial({ number, config: { model, index }, objectives: { quality } }),
  );
}

describe('smoothedScores', () => {
  it('scores a lucky outlier below a consistently good region, and picks from the region', () => {
    const trials = history();
    const smoothed = smoothedScores({ space: SPACE, history: trials, objectives: QUALITY, weights: {} });
    // Scores are the scalarised quality, (q - 0.3) / 0.5: the outlier's raw score is 1, the m1 trials' 0.8-0.84.
    // The main-effects model credits part of the outlier to index i1, so m1 with i1 rises above its raw score.
    const byNumber = trials.map((t) => Number(smoothed.get(t.id)!.toFixed(4)));
    expect(byNumber).toEqual(EXPECTED_SMOOTHED);
    expect(smoothed.get(trials[3].id)!).toBeLessThan(Math.min(...[0, 1, 2].map((i) => smoothed.get(trials[i].id)!)));
    expect(bestSmoothedTrial({ history: trials, smoothed })?.number).toBe(0);
  });

  it('shrinks a trial with a large standard error further towards the model', () => {
    const trials = history();
    const plain = smoothedScores({ space: SPACE, history: trials, objectives: QUALITY, weights: {} });
    const noisy = smoothedScores({
      space: SPACE,
      history: trials,
      objectives: QUALITY,
      weights: {},
      standardErrors: (t) => (t.number === 3 ? { quality: 0.2 } : null),
    });
    expect(Number(plain.get(trials[3].id)!.toFixed(4))).toBe(EXPECTED_SMOOTHED[3]);
    expect(Number(noisy.get(trials[3].id)!.toFixed(4))).toBe(EXPECTED_OUTLIER_WITH_SE);
  });

  it('reads standard errors from the highest rung by default', () => {
    const trials = history();
    const last = trials[3].rungs[0];
    trials[3] = { ...trials[3], rungs: [{ ...last, objectiveSe: { quality: 0.2 } } as RungResult] };
    const smoothed = smoothedScores({ space: SPACE, history: trials, objectives: QUALITY, weights: {} });
    expect(Number(smoothed.get(trials[3].id)!.toFixed(4))).toBe(EXPECTED_OUTLIER_WITH_SE);
  });

  it('returns raw scores below three trials, and nothing for failed or running ones', () => {
    const trials = [
      makeTrial({ number: 0, config: { model: 'm1', index: 'i1' }, objectives: { quality: 0.4 } }),
      makeTrial({ number: 1, config: { model: 'm2', index: 'i1' }, objectives: { quality: 0.6 } }),
      makeTrial({ number: 2, config: { model: 'm3', index: 'i1' }, state: 'failed' }),
      makeTrial({ number: 3, config: { model: 'm3', index: 'i2' }, state: 'running' }),
    ];
    const smoothed = smoothedScores({ space: SPACE, history: trials, objectives: QUALITY, weights: {} });
    expect([...smoothed]).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(bestSmoothedTrial({ history: trials, smoothed })?.number).toBe(1);
  });
});

describe('score noise inputs', () => {
  it('turns per-objective standard errors into the variance of the scalarised score', () => {
    const objectives: Objective[] = [
      { name: 'quality', metric: 'f1', direction: 'max' },
      { name: 'latency', metric: 'latency_p95_ms', direction: 'min' },
    ];
    const variances = scalarisedVariances({
      rows: [
        { quality: 0.2, latency: 10 },
        { quality: 0.6, latency: 30 },
      ],
      errors: [{ quality: 0.04, latency: 2 }, null],
      objectives,
      weights: { quality: 1, latency: 0.25 },
    });
    // (0.8 · 0.04 / 0.4)² + (0.2 · 2 / 20)² = 0.0064 + 0.0004
    expect(variances[0]).toBeCloseTo(0.0068, 12);
    expect(variances[1]).toBe(0);
  });

  it('gives trials evaluated on fewer questions a lower fidelity', () => {
    const withQuestions = (number: number, questions: number) => {
      const trial = makeTrial({ number, config: { model: 'm1', index: 'i1' }, objectives: { quality: 0.5 } });
      return { ...trial, rungs: [{ ...trial.rungs[0], questions }] };
    };
    expect(trialFidelities([withQuestions(0, 10), withQuestions(1, 30), withQuestions(2, 3)])).toEqual([
      10 / 30,
      1,
      0.1,
    ]);
    expect(trialFidelities([{ ...withQuestions(0, 10), rungs: [] }])).toEqual([1]);
  });
});

/** Smoothed scores of trials #0..#7 (4 decimals); the raw scores are 0.8, 0.84, 0.82, 1, 0, 0.04, 0.4, 0.4. */
const EXPECTED_SMOOTHED = [0.9332, 0.6806, 0.6605, 0.5596, 0.3069, 0.2868, 0.5763, 0.3236];
/** The outlier with a standard error of 0.2 on quality: its own value hardly counts, so it sits with m3's other trials. */
const EXPECTED_OUTLIER_WITH_SE = 0.0304;
