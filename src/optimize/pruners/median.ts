import { rankWithNoise, SCORE_EPSILON } from '../noise/rank-with-noise.js';
import type { NoisyCandidate } from '../noise/verdict-matrix.js';
import type { PruneContext, PruneDecision, Pruner, RungPeer } from './pruner.js';

/** Optuna's MedianPruner default: no pruning until five trials have completed. */
export const DEFAULT_STARTUP_TRIALS = 5;
/** Optuna's default of zero warm-up steps: pruning may start at the first rung. */
export const DEFAULT_WARMUP_RUNGS = 0;

/** Why the median pruner decided as it did. */
export type MedianReason = 'warmup' | 'startup' | 'not-below-median' | 'ties-within-noise' | 'below-median';

/** The median pruner's verdict, with the figures it compared. */
export interface MedianDecision extends PruneDecision {
  reason: MedianReason;
  /** Completed trials at this rung (the candidate's reference group). */
  completed: number;
  /** The candidate's weighted score among itself and the completed trials, in [0, 1]; null when not compared. */
  score: number | null;
  /** Median of the completed trials' scores; null when not compared. */
  median: number | null;
}

/**
 * Optuna's MedianPruner over rungs: a trial is pruned at a rung when its score there is below the
 * median of the completed trials' scores at the same rung. Only completed trials count (as in
 * Optuna): pruned ones stopped early because they were worse, and running ones may still fail.
 *
 * - The score is the weighted, normalised decision-grade score of rankWithNoise over the
 *   candidate and the completed trials (timings by tie class), so run-to-run noise cannot move it.
 * - Noise rule: a trial below the median still goes on when it ties within noise, on every
 *   objective, with some completed trial scoring at or above the median (`ties-within-noise`):
 *   its shortfall is then not measurable, and a tie must not prune.
 * - `startupTrials` (default 5, as Optuna's n_startup_trials): no pruning until that many trials
 *   have completed this rung, since a median of a few trials says little. The baseline counts.
 * - `warmupRungs` (default 0, as Optuna's n_warmup_steps): no pruning at rungs below this index.
 *   Zero because the first rung is already a sizeable sample (planRungs keeps at least 10
 *   questions per rung) and pruning there is where multi-fidelity saves most.
 */
export function decideMedian(options: PruneContext & { startupTrials?: number; warmupRungs?: number }): MedianDecision {
  const startupTrials = options.startupTrials ?? DEFAULT_STARTUP_TRIALS;
  const warmupRungs = options.warmupRungs ?? DEFAULT_WARMUP_RUNGS;
  const self = options.peers.find((p) => p.trialId === options.candidateId);
  if (!self)
    throw new Error(`decideMedian: trial ${options.candidateId} is not among the peers of rung ${options.rung}`);
  const completed = options.peers.filter((p) => p.state === 'complete' && p.trialId !== options.candidateId);
  const unscored = { completed: completed.length, score: null, median: null };
  if (options.rung < warmupRungs) return { promote: true, reason: 'warmup', ...unscored };
  if (completed.length === 0 || completed.length < startupTrials)
    return { promote: true, reason: 'startup', ...unscored };
  // Index 0 is the candidate, 1.. the completed trials.
  const candidates = [self, ...completed].map(noisyCandidate);
  const { decisionScores, matrix } = rankWithNoise({
    candidates,
    objectives: options.objectives,
    weights: options.weights,
    questionValuesOf: options.questionValuesOf,
  });
  const score = decisionScores[0];
  const median = medianOf(decisionScores.slice(1));
  const figures = { completed: completed.length, score, median };
  if (score >= median - SCORE_EPSILON) return { promote: true, reason: 'not-below-median', ...figures };
  const tiesAboveMedian = candidates.some(
    (_, j) => j > 0 && decisionScores[j] >= median - SCORE_EPSILON && matrix.every((verdicts) => verdicts[0][j] === 0),
  );
  if (tiesAboveMedian) return { promote: true, reason: 'ties-within-noise', ...figures };
  return { promote: false, reason: 'below-median', ...figures };
}

/** The `median` pruner (see {@link decideMedian}). */
export function medianPruner(options: { startupTrials?: number; warmupRungs?: number } = {}): Pruner {
  return { name: 'median', decide: (context) => decideMedian({ ...context, ...options }) };
}

/** The middle value, or the mean of the two middle values of an even count (numpy's median). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function noisyCandidate(peer: RungPeer): NoisyCandidate {
  // Same defaults as decidePromotion: a missing hash sorts by zero-padded trial id.
  return {
    id: peer.trialId,
    configHash: peer.configHash ?? String(peer.trialId).padStart(12, '0'),
    objectives: peer.objectives,
    objectiveSe: peer.objectiveSe ?? null,
    questions: peer.questions ?? 0,
  };
}
