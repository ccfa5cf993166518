import { scalariseObjectives } from '../objective-score.js';
import type { Objective } from '../proposers/proposer.js';
import type { Verdict } from './compare-objective.js';
import { noisyFronts } from './noisy-fronts.js';
import { reproducibleValues } from './reproducible-values.js';
import { compareText } from './tie-class-values.js';
import { verdictMatrix, type NoisyCandidate, type QuestionValuesOf } from './verdict-matrix.js';

/** How {@link rankWithNoise} ordered a set of candidates. */
export interface NoisyRanking {
  /** Candidate indices, best first. */
  order: number[];
  /** Noise-aware Pareto fronts (front 0 first), candidate indices. */
  fronts: number[][];
  /** Weighted normalised score of each candidate over its reproducible values (see reproducibleValues), in [0, 1]. */
  decisionScores: number[];
  /** Pairwise verdicts per objective, `matrix[k][i][j]` (see verdictMatrix). */
  matrix: Verdict[][][];
}

/** Scores closer than this are equal: tied candidates' scores are equal up to float round-off. */
export const SCORE_EPSILON = 1e-12;

/**
 * Orders candidates for a decision (promotion between rungs, the final pick) so that noise
 * cannot change the order: by noise-aware Pareto front (a trial is only dominated by one that is
 * significantly better somewhere and significantly worse nowhere), then by the user's weighted
 * score over reproducible values (timings by tie class: run-to-run noise counts as none), then by
 * config hash. Never by run-to-run noise, age or input order, so a cold rerun with the same seed
 * gives the same order.
 */
export function rankWithNoise(options: {
  candidates: readonly NoisyCandidate[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  questionValuesOf?: QuestionValuesOf;
}): NoisyRanking {
  const { candidates, objectives } = options;
  const matrix = verdictMatrix(options);
  const fronts = noisyFronts({ matrix, count: candidates.length });
  const frontOf = new Map<number, number>();
  fronts.forEach((front, f) => front.forEach((i) => frontOf.set(i, f)));
  const decisionScores = decisionGradeScores({ candidates, objectives, weights: options.weights, matrix });
  const order = [...candidates.keys()].sort(
    (a, b) =>
      frontOf.get(a)! - frontOf.get(b)! ||
      scoreOrder(decisionScores[a], decisionScores[b]) ||
      compareText(candidates[a].configHash, candidates[b].configHash) ||
      candidates[a].id - candidates[b].id,
  );
  return { order, fronts, decisionScores, matrix };
}

/** The weighted normalised score of each candidate over its reproducible values (timings by tie class). */
export function decisionGradeScores(options: {
  candidates: readonly NoisyCandidate[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  matrix: readonly Verdict[][][];
}): number[] {
  return scalariseObjectives({
    rows: reproducibleValues(options),
    objectives: options.objectives,
    weights: options.weights,
  });
}

/** Higher score first; scores within round-off are equal. */
export function scoreOrder(a: number, b: number): number {
  return Math.abs(a - b) <= SCORE_EPSILON ? 0 : b - a;
}
