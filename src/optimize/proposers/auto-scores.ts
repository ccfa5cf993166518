import type { TrialRecord } from '../trial.js';
import type { SurrogatePoint } from './auto-surrogate.js';
import { scalariseObjectives } from './objective-score.js';
import type { ProposeRequest } from './proposer.js';

/** The history as model input: scored points, and the best complete trials (best first). */
export interface ScoredTrials {
  points: SurrogatePoint[];
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
 * keeps the best and the latest half of {@link MAX_MODEL_POINTS} each: where the search is good and
 * where it is now are what the next proposal depends on.
 */
export function scoredTrials(request: Pick<ProposeRequest, 'history' | 'objectives' | 'weights'>): ScoredTrials {
  const finished = request.history.filter((t) => t.state === 'complete' || t.state === 'pruned');
  const scores = scalariseObjectives({ rows: finished.map((t) => t.objectives), objectives: request.objectives, weights: request.weights });
  const completeScores = finished.map((t, i) => (t.state === 'complete' ? scores[i] : Infinity));
  const worstComplete = Math.min(...completeScores);
  let points = finished.map((t, i) => ({
    config: t.config,
    score: t.state === 'pruned' && Number.isFinite(worstComplete) ? Math.min(scores[i], worstComplete) : scores[i],
  }));
  if (points.length > MAX_MODEL_POINTS) {
    const half = MAX_MODEL_POINTS / 2;
    const best = new Set(points.map((_, i) => i).sort((a, b) => points[b].score - points[a].score).slice(0, half));
    for (let i = points.length - 1; best.size < MAX_MODEL_POINTS; i--) best.add(i);
    points = points.filter((_, i) => best.has(i));
  }
  const top = finished
    .map((trial, i) => ({ trial, config: trial.config, score: scores[i] }))
    .filter((t) => t.trial.state === 'complete')
    .sort((a, b) => b.score - a.score || a.trial.number - b.trial.number)
    .slice(0, 3);
  return { points, top };
}
