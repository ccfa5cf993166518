import type { SearchSpace } from '../../../space/parameter-schema.js';
import type { TrialRecord } from '../../../store/trial.js';
import { scoredTrials } from './auto-scores.js';
import { fitSurrogate } from './auto-surrogate.js';
import type { ProposeRequest } from '../proposer.js';
import type { StandardErrorsOf } from './score-variance.js';

/**
 * Most trials the smoothing model is fitted to. It is fitted once per pick, not per candidate, so
 * it can afford far more points than a proposal's model; beyond this the best and the latest half
 * each are kept, as in the proposal model, and the rest are still scored from the model.
 */
export const MAX_SMOOTHING_POINTS = 256;

/** Fewest scored trials for which a model is fitted; below it the raw scores are returned. */
export const MIN_SMOOTHING_POINTS = 3;

/**
 * Smoothed score of every complete and pruned trial, by trial id: the posterior mean, at the
 * trial's configuration, of a main-effects Gaussian process (auto-surrogate.ts with
 * `mainEffectsOnly`) fitted to the whole history with observation noise. Scores are the weighted
 * scalarised objectives in [0, 1], higher is better (objective-score.ts), so they compare only
 * within one call.
 *
 * Why: a trial's own mean is one noisy draw, and the best of many noisy draws is biased upwards
 * (the winner's curse). The posterior mean shrinks each trial towards what the other trials say
 * about its parameter values, by as much as the fitted noise relative to the signal warrants: a
 * lucky outlier whose values do poorly elsewhere is pulled down, a consistently good region keeps
 * its level. The model is additive on purpose (noise and per-parameter relevance still chosen by
 * marginal likelihood): the effect of one parameter value is backed by every trial that shares it,
 * while an interaction term at the budgets studies run (10-50 trials) is backed by one or two
 * trials and would reproduce exactly the noise the smoothing is meant to remove. The proposer's
 * model keeps interaction kernels, since there they direct where to look, not what to trust.
 * The cost: a real interaction larger than the noise is smoothed away too, so callers should use
 * these scores to choose among trials whose raw scores are within noise of each other (as
 * pick-best.ts does), not to overrule a clearly better raw score. (Measured on the tabular
 * benchmark: the full kernel grid chosen by marginal likelihood, or by leave-one-out density, or
 * main effects plus pairwise, all left a single lucky outlier its value and moved the pick less.)
 *
 * The noise of each trial is the fitted nugget divided by its fidelity (a trial pruned on fewer
 * questions is noisier; a pruned trial's score is capped at the worst complete one, as in
 * auto-scores.ts), plus the variance implied by its per-objective standard errors when the
 * history carries them (read by `standardErrors`, default: `objectiveSe` on the highest rung, see
 * score-variance.ts).
 *
 * Called once when a study's best is chosen (pick-best.ts takes the result as its optional
 * `smoothed` map) and by the tabular benchmark's pick; deterministic for a given history (the
 * fit has no randomness). Failed, waiting and running trials get no entry. With fewer than
 * {@link MIN_SMOOTHING_POINTS} scored trials the raw scalarised scores are returned: two points
 * cannot tell noise from signal.
 */
export function smoothedScores(options: {
  space: SearchSpace;
  history: readonly TrialRecord[];
  objectives: ProposeRequest['objectives'];
  weights: ProposeRequest['weights'];
  standardErrors?: StandardErrorsOf;
}): Map<number, number> {
  const { space, history, objectives, weights, standardErrors } = options;
  const all = scoredTrials({ history, objectives, weights, standardErrors, maxPoints: Infinity });
  const smoothed = new Map<number, number>();
  if (all.points.length < MIN_SMOOTHING_POINTS) {
    for (const point of all.points) smoothed.set(point.trial.id, point.score);
    return smoothed;
  }
  const model =
    all.points.length > MAX_SMOOTHING_POINTS
      ? scoredTrials({ history, objectives, weights, standardErrors, maxPoints: MAX_SMOOTHING_POINTS }).points
      : all.points;
  const surrogate = fitSurrogate({ space, points: model, mainEffectsOnly: true });
  for (const point of all.points) smoothed.set(point.trial.id, surrogate.predict(point.config).mean);
  return smoothed;
}

/**
 * The complete trial with the highest smoothed score (see {@link smoothedScores}); earliest
 * (lowest number) on ties. Undefined when no trial is complete. Used by the tabular benchmark
 * as the pick a study would make on a single objective with no constraints.
 */
export function bestSmoothedTrial(options: {
  history: readonly TrialRecord[];
  smoothed: ReadonlyMap<number, number>;
}): TrialRecord | undefined {
  let best: { trial: TrialRecord; score: number } | undefined;
  for (const trial of options.history) {
    const score = options.smoothed.get(trial.id);
    if (trial.state !== 'complete' || score === undefined) continue;
    if (!best || score > best.score || (score === best.score && trial.number < best.trial.number))
      best = { trial, score };
  }
  return best?.trial;
}
