import { describe, expect, it } from 'vitest';
import type { Objective } from '../../../src/optimize/proposers/proposer.js';
import { decideMedian, medianOf } from '../../../src/optimize/pruners/median.js';
import type { RungPeer } from '../../../src/optimize/pruners/pruner.js';
import type { TrialState } from '../../../src/store/trial.js';

const QUALITY: Objective[] = [{ name: 'quality', metric: 'f1', direction: 'max' }];
const LATENCY: Objective = { name: 'latency', metric: 'latency_p95_ms', direction: 'min' };
/** Exact figures unless `se` is given: every difference counts. */
const peer = (trialId: number, quality: number, state: TrialState = 'complete', se?: number): RungPeer => ({
  trialId,
  objectives: { quality },
  configHash: `h${trialId}`,
  questions: 20,
  state,
  ...(se === undefined ? {} : { objectiveSe: { quality: se } }),
});
/** Five completed trials scoring 1, 0.75, 0.5, 0.25 and 0: their scores are their values, the median 0.5. */
const FIVE = [1, 0.75, 0.5, 0.25, 0].map((q, i) => peer(i + 1, q));
const decide = (
  candidate: RungPeer,
  others: RungPeer[],
  extra: {
    rung?: number;
    startupTrials?: number;
    warmupRungs?: number;
    objectives?: Objective[];
    weights?: Record<string, number>;
  } = {},
) =>
  decideMedian({
    candidateId: candidate.trialId,
    rung: extra.rung ?? 0,
    rungCount: 3,
    peers: [...others, candidate],
    objectives: extra.objectives ?? QUALITY,
    weights: extra.weights ?? { quality: 1 },
    startupTrials: extra.startupTrials,
    warmupRungs: extra.warmupRungs,
  });

describe('decideMedian (Optuna MedianPruner over rungs)', () => {
  it('prunes below the median of the completed trials and promotes at or above it', () => {
    expect(decide(peer(9, 0.375, 'running'), FIVE)).toEqual({
      promote: false,
      reason: 'below-median',
      completed: 5,
      score: 0.375,
      median: 0.5,
    });
    expect(decide(peer(9, 0.5, 'running'), FIVE)).toEqual({
      promote: true,
      reason: 'not-below-median',
      completed: 5,
      score: 0.5,
      median: 0.5,
    });
    expect(decide(peer(9, 0.625, 'running'), FIVE)).toEqual({
      promote: true,
      reason: 'not-below-median',
      completed: 5,
      score: 0.625,
      median: 0.5,
    });
  });

  it('takes the mean of the two middle scores for an even count', () => {
    const four = [1, 0.75, 0.25, 0].map((q, i) => peer(i + 1, q));
    expect(decide(peer(9, 0.375, 'running'), four, { startupTrials: 4 })).toEqual({
      promote: false,
      reason: 'below-median',
      completed: 4,
      score: 0.375,
      median: 0.5,
    });
    expect(medianOf([0.25, 1, 0.75, 0])).toBe(0.5);
    expect(medianOf([3, 1, 2])).toBe(2);
  });

  it('counts only completed trials: pruned and running peers neither vote nor rescale the scores', () => {
    const others = [...FIVE, peer(6, 0.125, 'pruned'), peer(7, 0.0625, 'pruned'), peer(8, 2, 'running')];
    expect(decide(peer(9, 0.375, 'running'), others)).toEqual({
      promote: false,
      reason: 'below-median',
      completed: 5,
      score: 0.375,
      median: 0.5,
    });
  });

  it('does not prune before startupTrials trials completed (default 5, the baseline counting) nor in warm-up rungs', () => {
    expect(decide(peer(9, 0, 'running'), FIVE.slice(0, 4))).toEqual({
      promote: true,
      reason: 'startup',
      completed: 4,
      score: null,
      median: null,
    });
    expect(decide(peer(9, 0, 'running'), FIVE.slice(0, 2), { startupTrials: 2 })).toMatchObject({
      promote: false,
      reason: 'below-median',
      completed: 2,
    });
    expect(decide(peer(9, 0, 'running'), [], { startupTrials: 0 })).toEqual({
      promote: true,
      reason: 'startup',
      completed: 0,
      score: null,
      median: null,
    });
    expect(decide(peer(9, 0.375, 'running'), FIVE, { rung: 0, warmupRungs: 1 })).toEqual({
      promote: true,
      reason: 'warmup',
      completed: 5,
      score: null,
      median: null,
    });
    expect(decide(peer(9, 0.375, 'running'), FIVE, { rung: 1, warmupRungs: 1 })).toMatchObject({
      promote: false,
      reason: 'below-median',
    });
  });

  it('does not prune a trial that ties within noise with a completed trial at or above the median', () => {
    // 0.375 ± 0.1 against 0.5 ± 0.1: a difference of 0.125 is within 1.96·√0.02 ≈ 0.277, a tie.
    const noisy = [1, 0.75, 0.5, 0.25, 0].map((q, i) => peer(i + 1, q, 'complete', q === 0.5 ? 0.1 : 0));
    expect(decide(peer(9, 0.375, 'running', 0.1), noisy)).toEqual({
      promote: true,
      reason: 'ties-within-noise',
      completed: 5,
      score: 0.375,
      median: 0.5,
    });
    // With standard errors of 0.01 the same shortfall is measured (0.125 > 1.96·√0.0002 ≈ 0.028).
    const precise = [1, 0.75, 0.5, 0.25, 0].map((q, i) => peer(i + 1, q, 'complete', 0.01));
    expect(decide(peer(9, 0.375, 'running', 0.01), precise)).toMatchObject({ promote: false, reason: 'below-median' });
  });

  it('lets run-to-run timing noise neither prune nor rescue: latencies within the tie ratio count as equal', () => {
    const objectives = [QUALITY[0], LATENCY];
    const weights = { quality: 0.5, latency: 0.5 };
    const at = (trialId: number, quality: number, latency: number, state: TrialState = 'complete'): RungPeer => ({
      trialId,
      objectives: { quality, latency },
      configHash: `h${trialId}`,
      questions: 20,
      state,
    });
    const five = [1, 0.75, 0.5, 0.25, 0].map((q, i) => at(i + 1, q, 10));
    // 15 ms against 10 ms is a tie (about 24× is needed): scores 0.5·quality + 0.5, the candidate's equal to the median.
    expect(decide(at(9, 0.5, 15, 'running'), five, { objectives, weights })).toEqual({
      promote: true,
      reason: 'not-below-median',
      completed: 5,
      score: 0.75,
      median: 0.75,
    });
    // 1000 ms is 100× slower, a real difference: its latency scores 0.
    expect(decide(at(9, 0.5, 1000, 'running'), five, { objectives, weights })).toEqual({
      promote: false,
      reason: 'below-median',
      completed: 5,
      score: 0.25,
      median: 0.75,
    });
  });

  it('needs the candidate among the peers', () => {
    expect(() =>
      decideMedian({
        candidateId: 9,
        rung: 0,
        rungCount: 3,
        peers: FIVE,
        objectives: QUALITY,
        weights: { quality: 1 },
      }),
    ).toThrow('decideMedian: trial 9 is not among the peers of rung 0');
  });
});
