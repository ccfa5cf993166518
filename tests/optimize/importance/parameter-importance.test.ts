import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/stats/seeded-random.js';
import { parameterImportance } from '../../../src/optimize/importance/parameter-importance.js';
import type { Objective } from '../../../src/optimize/proposers/proposer.js';
import type { TrialRecord } from '../../../src/store/trial.js';
import { historyTrial } from './importance-fixtures.js';

const QUALITY: Objective = { name: 'quality', metric: 'f1', direction: 'max' };
const COST: Objective = { name: 'cost', metric: 'cost_usd_per_query', direction: 'min' };

const byTarget = (result: ReturnType<typeof parameterImportance>, target: string) =>
  result.find((t) => t.target === target)!;
const shares = (result: ReturnType<typeof parameterImportance>, target: string) =>
  Object.fromEntries(byTarget(result, target).parameters.map((p) => [p.parameter, Number(p.importance.toFixed(4))]));

describe('parameterImportance', () => {
  it('splits two additive parameters by their effect variances (0.8 / 0.2 on a full grid)', () => {
    // top_k effects -2,-1,1,2 (variance 2.5); retrieval effects -1,-0.5,0.5,1 (variance 0.625).
    const trials: TrialRecord[] = [];
    const kEffect = [-2, -1, 1, 2];
    const rEffect = [-1, -0.5, 0.5, 1];
    const retrievals = ['dense', 'bm25', 'hybrid', 'splade'];
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++) {
        trials.push(
          historyTrial({
            number: trials.length,
            config: { top_k: a + 1, retrieval: retrievals[b], generator: 'x' },
            rungs: [{ quality: 3 + kEffect[a] + rEffect[b], cost: 0 }],
          }),
        );
      }
    const result = parameterImportance({
      trials,
      objectives: [QUALITY, COST],
      weights: { quality: 1 },
      chanceCorrection: false,
    });
    for (const target of ['score', 'quality']) {
      const t = byTarget(result, target);
      expect(t.parameters.map((p) => p.parameter)).toEqual(['top_k', 'retrieval']);
      expect(t.parameters[0].importance).toBeCloseTo(0.8, 9);
      expect(t.parameters[1].importance).toBeCloseTo(0.2, 9);
      // Ridge shrinks each level's effect by n/(n+1) = 4/5, so each explains 0.64 of its share.
      expect(t.parameters[0].explained).toBeCloseTo(0.512, 9);
      expect(t.parameters[1].explained).toBeCloseTo(0.128, 9);
      expect(t.rSquared).toBeCloseTo(0.96, 9);
      expect(t.trials).toBe(16);
    }
    // Cost never varied: nothing to explain, and no trial counted for it.
    expect(byTarget(result, 'cost')).toEqual({ target: 'cost', parameters: [], trials: 0, rSquared: 0 });
  });

  it('gives nearly all importance to the only parameter the score depends on (random history)', () => {
    const random = mulberry32(7);
    const trials = Array.from({ length: 40 }, (_, i) => {
      const config = {
        top_k: 1 + Math.floor(random() * 20),
        retrieval: ['dense', 'bm25', 'hybrid'][Math.floor(random() * 3)],
        'chunk.size': 64 + Math.floor(random() * 960),
      };
      return historyTrial({ number: i, config, rungs: [{ quality: config.top_k / 20 }] });
    });
    const result = parameterImportance({ trials, objectives: [QUALITY], weights: {}, chanceCorrection: false });
    expect(shares(result, 'score')).toEqual({ top_k: 0.9798, 'chunk.size': 0.0202, retrieval: 0 });
    expect(byTarget(result, 'score').trials).toBe(40);
    // The same history in another order gives the same figures: the fit has a unique optimum.
    const reversed = parameterImportance({
      trials: [...trials].reverse(),
      objectives: [QUALITY],
      weights: {},
      chanceCorrection: false,
    });
    expect(shares(reversed, 'score')).toEqual(shares(result, 'score'));
  });

  it('lets the parent carry the effect of switching a conditional parameter off', () => {
    // fusion exists only with hybrid retrieval; the score depends on retrieval alone.
    const configs = [
      { retrieval: 'dense' },
      { retrieval: 'bm25' },
      { retrieval: 'hybrid', fusion: 'rrf' },
      { retrieval: 'hybrid', fusion: 'weighted' },
    ];
    const onlyRetrieval = [0, 1].flatMap((rep) =>
      configs.map((config, i) =>
        historyTrial({ number: rep * 4 + i, config, rungs: [{ quality: config.retrieval === 'hybrid' ? 1 : 0 }] }),
      ),
    );
    expect(
      shares(
        parameterImportance({ trials: onlyRetrieval, objectives: [QUALITY], weights: {}, chanceCorrection: false }),
        'quality',
      ),
    ).toEqual({ retrieval: 1, fusion: 0 });
    // With an effect of fusion inside hybrid retrieval, fusion gets a share from those rows only.
    // By hand: retrieval effects -5/11, -5/11, +5/11 (sum of squares over 8 rows 200/121),
    // fusion ±1/6 on the 4 hybrid rows (1/9): shares (200/121) / (200/121 + 1/9) = 0.9370.
    const withFusion = [0, 1].flatMap((rep) =>
      configs.map((config, i) =>
        historyTrial({
          number: rep * 4 + i,
          config,
          rungs: [{ quality: (config.retrieval === 'hybrid' ? 1 : 0) + (config.fusion === 'weighted' ? 0.5 : 0) }],
        }),
      ),
    );
    expect(
      shares(
        parameterImportance({ trials: withFusion, objectives: [QUALITY], weights: {}, chanceCorrection: false }),
        'quality',
      ),
    ).toEqual({ retrieval: 0.937, fusion: 0.063 });
  });

  it('uses pruned trials at the rungs they reached and weights each rung by trials x questions', () => {
    // Rung 0 (16 trials x 2 questions): only `a` matters. Rung 1 (8 of them x 6 questions): only `b`.
    const trials: TrialRecord[] = [];
    for (let i = 0; i < 16; i++) {
      const config = { a: i % 2 ? 'x' : 'y', b: Math.floor(i / 2) % 2 ? 'p' : 'q' };
      const rung0 = { quality: config.a === 'x' ? 1 : -1 };
      const promoted = i < 8;
      trials.push(
        historyTrial({
          number: i,
          config,
          questions: [2, 6],
          state: promoted ? 'complete' : 'pruned',
          rungs: promoted ? [rung0, { quality: config.b === 'p' ? 1 : -1 }] : [rung0],
        }),
      );
    }
    trials.push(
      historyTrial({
        number: 16,
        config: { a: 'x', b: 'p' },
        questions: [2, 6],
        state: 'failed',
        rungs: [{ quality: 100 }],
      }),
    );
    const result = byTarget(
      parameterImportance({ trials, objectives: [QUALITY], weights: {}, chanceCorrection: false }),
      'quality',
    );
    // Rung 0: a's effect is ±8/9 (8 rows a level), explaining 64/81; rung 1: b's is ±4/5, explaining 0.64.
    const a = (32 * (64 / 81)) / (32 * (64 / 81) + 48 * 0.64);
    expect(a).toBeCloseTo(0.4515, 4);
    expect(result.parameters.find((p) => p.parameter === 'a')!.importance).toBeCloseTo(a, 9);
    expect(result.parameters.find((p) => p.parameter === 'b')!.importance).toBeCloseTo(1 - a, 9);
    expect(result.trials).toBe(16);
  });

  it('takes what a parameter explains by chance away: noise gets nothing, a real effect keeps its share', () => {
    // A score of pure noise over 16 trials of three parameters (random design): the raw fit credits
    // them with 15% of the variance; beyond chance (shuffles of the same target on the same design)
    // nothing is left, so no parameter is listed.
    const random = mulberry32(11);
    const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
    const noise = Array.from({ length: 16 }, (_, i) =>
      historyTrial({
        number: i,
        config: {
          top_k: pick([1, 2, 3, 4]),
          retrieval: pick(['dense', 'bm25', 'hybrid']),
          'chunk.size': pick([64, 128, 256]),
        },
        rungs: [{ quality: random() }],
      }),
    );
    const raw = byTarget(
      parameterImportance({ trials: noise, objectives: [QUALITY], weights: {}, chanceCorrection: false }),
      'quality',
    );
    const corrected = byTarget(parameterImportance({ trials: noise, objectives: [QUALITY], weights: {} }), 'quality');
    expect([raw.rSquared, corrected.rSquared].map((r) => Number(r.toFixed(4)))).toEqual([0.1498, 0]);
    expect(corrected.parameters.map((p) => [p.parameter, Number(p.explained.toFixed(4))])).toEqual([]);
    // The 0.8 / 0.2 grid of the first test: its 4% residual is the only noise, so the correction is small.
    const kEffect = [-2, -1, 1, 2];
    const rEffect = [-1, -0.5, 0.5, 1];
    const grid = kEffect.flatMap((k, a) =>
      rEffect.map((r, b) =>
        historyTrial({
          number: a * 4 + b,
          config: { top_k: a + 1, retrieval: ['dense', 'bm25', 'hybrid', 'splade'][b] },
          rungs: [{ quality: 3 + k + r }],
        }),
      ),
    );
    expect(shares(parameterImportance({ trials: grid, objectives: [QUALITY], weights: {} }), 'quality')).toEqual({
      top_k: 0.8081,
      retrieval: 0.1919,
    });
  });

  it('skips rungs with too few trials to say anything', () => {
    const trials = [0, 1, 2, 3, 4, 5, 6].map((i) =>
      historyTrial({ number: i, config: { top_k: i + 1 }, rungs: [{ quality: i }] }),
    );
    expect(byTarget(parameterImportance({ trials, objectives: [QUALITY], weights: {} }), 'score')).toEqual({
      target: 'score',
      parameters: [],
      trials: 0,
      rSquared: 0,
    });
  });
});
