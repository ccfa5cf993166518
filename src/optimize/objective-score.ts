import type { ObjectiveValues } from '../store/trial.js';
import type { Objective } from './proposers/proposer.js';

/**
 * Weight of each objective, in `objectives` order. A missing weight counts as 0 when any weight is
 * given (the user named what matters) and as 1 when none is; negative weights count as 0. If every
 * weight ends up 0, all objectives count equally, so a score is always defined.
 */
export function objectiveWeights(options: {
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
}): number[] {
  const { objectives, weights } = options;
  const anyGiven = objectives.some((o) => weights[o.name] !== undefined);
  const raw = objectives.map((o) => Math.max(0, weights[o.name] ?? (anyGiven ? 0 : 1)));
  return raw.some((w) => w > 0) ? raw : objectives.map(() => 1);
}

/**
 * Scalarises objective values into one score per row, in [0, 1], higher is better.
 *
 * Each objective is normalised over the rows' observed min..max so that 1 is the best value seen
 * (direction aware: the minimum for `min` objectives) and 0 the worst; an objective whose observed
 * values are all equal gives 1 to every row that has it. A null or missing value (or a row with no
 * objectives at all) scores 0 for that objective: unknown is treated as worst. The score is the
 * weighted mean of the normalised values (see {@link objectiveWeights}).
 */
export function scalariseObjectives(options: {
  rows: readonly (ObjectiveValues | null)[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
}): number[] {
  const { rows, objectives } = options;
  if (objectives.length === 0) return rows.map(() => 0);
  const weights = objectiveWeights(options);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const normalised = objectives.map((objective) =>
    normaliseColumn(
      rows.map((row) => valueOf(row, objective.name)),
      objective.direction,
    ),
  );
  return rows.map((_, i) => objectives.reduce((sum, _o, j) => sum + weights[j] * normalised[j][i], 0) / total);
}

function valueOf(row: ObjectiveValues | null, name: string): number | null {
  const value = row?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function normaliseColumn(values: readonly (number | null)[], direction: 'max' | 'min'): number[] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return values.map(() => 0);
  const min = Math.min(...known);
  const max = Math.max(...known);
  return values.map((v) => {
    if (v === null) return 0;
    if (max === min) return 1;
    return direction === 'max' ? (v - min) / (max - min) : (max - v) / (max - min);
  });
}
