import type { ObjectiveValues, RungResult, TrialRecord } from '../../../store/trial.js';
import { objectiveWeights } from '../../objective-score.js';
import type { Objective } from '../proposer.js';

/**
 * Where a trial's per-objective standard errors are read from. The default,
 * {@link trialStandardErrors}, reads them from the trial's highest rung; a store that keeps them
 * elsewhere passes its own reader.
 */
export type StandardErrorsOf = (trial: TrialRecord) => ObjectiveValues | null | undefined;

/** A rung that may carry the standard error of each objective (added by the noise-aware rungs). */
type RungWithErrors = RungResult & { objectiveSe?: ObjectiveValues | null; objective_se?: ObjectiveValues | null };

/**
 * The standard errors of a trial's objectives at its highest rung (the rung its `objectives`
 * come from), as `objectiveSe` (or `objective_se`) on that rung; null when the rung has none, as
 * in studies written before standard errors were recorded.
 */
export const trialStandardErrors: StandardErrorsOf = (trial) => {
  const rung = trial.rungs.at(-1) as RungWithErrors | undefined;
  return rung?.objectiveSe ?? rung?.objective_se ?? null;
};

/**
 * The variance of each row's scalarised score (objective-score.ts) from its objectives' standard
 * errors. The score is a weighted mean of objectives each normalised linearly over the rows'
 * observed range, so, treating the objectives' errors as independent, its variance is
 * Σ (wⱼ / Σw)² · (seⱼ / rangeⱼ)². An objective with no standard error (or a zero range)
 * contributes nothing; a row without any gives 0, i.e. only the model's fitted noise applies.
 */
export function scalarisedVariances(options: {
  rows: readonly (ObjectiveValues | null)[];
  errors: readonly (ObjectiveValues | null | undefined)[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
}): number[] {
  const { rows, errors, objectives } = options;
  const weights = objectiveWeights(options);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const ranges = objectives.map((objective) => {
    const known = rows
      .map((row) => row?.[objective.name])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return known.length ? Math.max(...known) - Math.min(...known) : 0;
  });
  return rows.map((_, i) =>
    objectives.reduce((sum, objective, j) => {
      const se = errors[i]?.[objective.name];
      if (typeof se !== 'number' || !Number.isFinite(se) || !(ranges[j] > 0) || total === 0) return sum;
      return sum + ((weights[j] / total) * (se / ranges[j])) ** 2;
    }, 0),
  );
}

/**
 * Share of the study's largest question count that each trial was scored on (its highest rung's
 * questions over the maximum among `trials`), in (0, 1]; 1 for trials without rungs (e.g. a
 * replayed results table) or when no trial records question counts.
 */
export function trialFidelities(trials: readonly TrialRecord[]): number[] {
  const questions = trials.map((t) => t.rungs.at(-1)?.questions ?? 0);
  const most = Math.max(0, ...questions);
  return questions.map((q) => (most > 0 && q > 0 ? q / most : 1));
}
