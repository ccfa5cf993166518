import type { TrialRecord } from '../../../store/trial.js';
import type { SurrogatePoint } from './auto-surrogate.js';
import { scalariseObjectives } from '../../objective-score.js';
import type { ProposeRequest } from '../proposer.js';
import { scalarisedVariances, trialFidelities, trialStandardErrors, type StandardErrorsOf } from './score-variance.js';

/** The history as model input: scored points, and the best complete trials (best first). */
export interface ScoredTrials {
  /** Model points, each with the trial it comes from. */
  points: (SurrogatePoint & { trial: TrialRecord })[];
  /** Up to three complete trials, best first (earliest on ties), with their scores. */
  top: { trial: TrialRecord; config: TrialRecord['config']; score: number }[];
}

/**
 * Most points the model is fitted to. Exact GP inference costs the cube of this, and scoring a
 * few hundred candidates costs candidates × points kernel values: 48 keeps a proposal around
 * 20 ms on a 200-trial history (120 took about 200 ms), and the best 24 plus the latest 24 trials
 * are what the next proposal depends on.
 */
export const MAX_MODEL_POINTS = 48;

/**
 * Scores complete and pruned trials with the weighted scalarised objectives (objective-score.ts).
 * A pruned trial's partial value is capped at the worst complete score: the pruner already judged
 * it worse, and a few questions' worth of evidence must not outrank a full evaluation.
 * Failed, waiting and running trials carry no score (they still count as tried). A long study
 * keeps the best and the latest half of `maxPoints` (default {@link MAX_MODEL_POINTS}) each: where
 * the search is good and where it is now are what the next proposal depends on.
 *
 * Each point also carries its noise: the variance of its score from the trial's per-objective
 * standard errors (read by `standardErrors`, default {@link trialStandardErrors}; 0 when absent)
 * and its fidelity (share of the study's largest question count), so a trial pruned on a few
 * questions counts as the noisier observation it is.
 */
export function scoredTrials(
  request: Pick<ProposeRequest, 'history' | 'objectives' | 'weights'> & {
    maxPoints?: number;
    standardErrors?: StandardErrorsOf;
  },
): ScoredTrials {
  const { maxPoints = MAX_MODEL_POINTS, standardErrors = trialStandardErrors } = request;
  const finished = request.history.filter((t) => t.state === 'complete' || t.state === 'pruned');
  const rows = finished.map((t) => t.objectives);
  const scores = scalariseObjectives({ rows, objectives: request.objectives, weights: request.weights });
  const variances = scalarisedVariances({
    rows,
    errors: finished.map(standardErrors),
    objectives: request.objectives,
    weights: request.weights,
  });
  const fidelities = trialFidelities(finished);
  const completeScores = finished.map((t, i) => (t.state === 'complete' ? scores[i] : Infinity));
  const worstComplete = Math.min(...completeScores);
  let points = finished.map((t, i) => ({
    trial: t,
    config: t.config,
    score: t.state === 'pruned' && Number.isFinite(worstComplete) ? Math.min(scores[i], worstComplete) : scores[i],
    variance: variances[i],
    fidelity: fidelities[i],
  }));
  if (points.length > maxPoints) {
    const half = Math.floor(maxPoints / 2);
    const best = new Set(
      points
        .map((_, i) => i)
        .sort((a, b) => points[b].score - points[a].score)
        .slice(0, half),
    );
    for (let i = points.length - 1; best.size < maxPoints; i--) best.add(i);
    points = points.filter((_, i) => best.has(i));
  }
  const top = finished
    .map((trial, i) => ({ trial, config: trial.config, score: scores[i] }))
    .filter((t) => t.trial.state === 'complete')
    .sort((a, b) => b.score - a.score || a.trial.number - b.trial.number)
    .slice(0, 3);
  return { points, top };
}
