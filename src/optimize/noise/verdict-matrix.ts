import type { QuestionValue } from '../../metrics/paired-comparison.js';
import type { Objective } from '../proposers/proposer.js';
import type { ObjectiveValues } from '../../store/trial.js';
import { compareObjective, type Verdict } from './compare-objective.js';
import { isTimingMetric } from './noise-rule.js';
import { pairedDifference } from './paired-difference.js';

/** What a noise-aware decision reads from a trial (or a trial's rung). */
export interface NoisyCandidate {
  /** Trial id; also the key of per-question values and of smoothed estimates. */
  id: number;
  /** The deterministic tie-breaker (stableHash of the config). */
  configHash: string;
  objectives: ObjectiveValues | null;
  /** Standard error of each objective (null or missing: unknown, compared as if exact). */
  objectiveSe: ObjectiveValues | null;
  /** Questions evaluated. */
  questions: number;
}

/** Per-question values of one metric for a candidate, when stored; undefined: compare unpaired. */
export type QuestionValuesOf = (candidate: NoisyCandidate, metric: string) => readonly QuestionValue[] | undefined;

/**
 * Verdicts of every pair of candidates on every objective: `matrix[k][i][j]` is how candidate i
 * compares with j on objective k (1 better, -1 worse, 0 a tie within noise), antisymmetric. With
 * `questionValuesOf`, non-timing objectives are compared paired on the questions both ran.
 * O(K·N²) comparisons, each O(questions) when paired.
 */
export function verdictMatrix(options: {
  candidates: readonly NoisyCandidate[];
  objectives: readonly Objective[];
  questionValuesOf?: QuestionValuesOf;
}): Verdict[][][] {
  const { candidates, questionValuesOf } = options;
  return options.objectives.map((objective) => {
    const n = candidates.length;
    const rows: Verdict[][] = candidates.map(() => new Array<Verdict>(n).fill(0));
    const measure = (c: NoisyCandidate) => ({
      value: c.objectives?.[objective.name] ?? null,
      se: c.objectiveSe?.[objective.name] ?? null,
    });
    const values =
      !questionValuesOf || isTimingMetric(objective.metric)
        ? undefined
        : candidates.map((c) => questionValuesOf(c, objective.metric));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = values?.[i];
        const b = values?.[j];
        const paired = a && b ? pairedDifference({ a, b }) : null;
        const verdict = compareObjective({ objective, a: measure(candidates[i]), b: measure(candidates[j]), paired });
        rows[i][j] = verdict;
        rows[j][i] = verdict === 0 ? 0 : verdict === 1 ? -1 : 1;
      }
    }
    return rows;
  });
}
