import type { Objective } from '../proposers/proposer.js';
import type { ObjectiveValues } from '../../store/trial.js';
import type { Verdict } from './compare-objective.js';
import { isTimingMetric } from './noise-rule.js';
import { tieClassValues } from './tie-class-values.js';
import type { NoisyCandidate } from './verdict-matrix.js';

/**
 * Each candidate's objective values with run-to-run noise taken out: timing objectives (…_ms)
 * are replaced by their tie-class values, so timings that cannot be told apart are equal; every
 * other objective keeps its measured value, because it repeats exactly for a seed (offline
 * answers and retrieval are deterministic, cost is counted rather than timed) and its sampling
 * noise is already judged where it matters (Pareto dominance, the pick's tie set). These are the
 * values that may order trials: a cold rerun gives the same ones.
 *
 * `matrix[k][i][j]` is candidate i against j on objective k (see verdictMatrix).
 */
export function reproducibleValues(options: {
  candidates: readonly NoisyCandidate[];
  objectives: readonly Objective[];
  matrix: readonly Verdict[][][];
}): ObjectiveValues[] {
  const { candidates, objectives, matrix } = options;
  const columns = objectives.map((objective, k) =>
    isTimingMetric(objective.metric)
      ? tieClassValues({ candidates, objective, verdicts: matrix[k] })
      : candidates.map((c) => c.objectives?.[objective.name] ?? null),
  );
  return candidates.map((_, i) => Object.fromEntries(objectives.map((o, k) => [o.name, columns[k][i]])));
}
