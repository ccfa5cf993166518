import { z } from 'zod';
import type { MetricsSummary } from '../../eval/summarize-metrics.js';
import { scalariseObjectives } from '../proposers/objective-score.js';
import type { Objective } from '../proposers/proposer.js';
import { paretoFront, type HasObjectives } from './pareto-front.js';

/** A hard requirement on one metric of a trial, e.g. latency_p95_ms < 200. */
export const ConstraintSchema = z
  .object({ metric: z.string().min(1), op: z.enum(['<', '<=', '>', '>=']), value: z.number() })
  .strict();
export type Constraint = z.infer<typeof ConstraintSchema>;

/** What {@link pickBest} reads from a candidate (a complete trial in practice). */
export interface PickBestCandidate extends HasObjectives {
  metrics: MetricsSummary | null;
}

export interface PickBestResult<T> {
  /** The chosen candidate; undefined when no candidate satisfies every constraint. */
  best?: T;
  /** Its weighted normalised score in [0, 1] (see scalariseObjectives). */
  score?: number;
  /** Pareto front of the feasible candidates, in input order. */
  front: T[];
  /** How many candidates broke each constraint, most broken first; only constraints broken at least once. */
  violations: { constraint: Constraint; failedBy: number }[];
}

/**
 * Constraints a candidate's metrics break. A missing or null metric breaks its constraint:
 * an unknown latency cannot be shown to be under a limit.
 */
export function failedConstraints(options: { metrics: MetricsSummary | null; constraints: readonly Constraint[] }): Constraint[] {
  return options.constraints.filter((c) => {
    const value = options.metrics?.[c.metric];
    if (typeof value !== 'number' || Number.isNaN(value)) return true;
    switch (c.op) {
      case '<':
        return !(value < c.value);
      case '<=':
        return !(value <= c.value);
      case '>':
        return !(value > c.value);
      case '>=':
        return !(value >= c.value);
    }
  });
}

/**
 * Picks the configuration to recommend: among candidates satisfying every constraint, the member
 * of their Pareto front with the best weighted normalised score (objectives normalised over all
 * candidates, so the scale does not shift with the constraints; the earliest wins ties). Called
 * at the end of a run and whenever a report shows "best so far". Pass complete trials only:
 * pruned trials' values come from fewer questions.
 */
export function pickBest<T extends PickBestCandidate>(options: {
  candidates: readonly T[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  constraints?: readonly Constraint[];
}): PickBestResult<T> {
  const { candidates, objectives, weights, constraints = [] } = options;
  const scores = scalariseObjectives({ rows: candidates.map((c) => c.objectives), objectives, weights });
  const failures = candidates.map((c) => failedConstraints({ metrics: c.metrics, constraints }));
  const violations = constraints
    .map((constraint) => ({ constraint, failedBy: failures.filter((f) => f.includes(constraint)).length }))
    .filter((v) => v.failedBy > 0)
    .sort((a, b) => b.failedBy - a.failedBy);
  const feasible = candidates.filter((_, i) => failures[i].length === 0);
  const front = paretoFront({ items: feasible, objectives });
  let best: T | undefined;
  let score: number | undefined;
  for (const candidate of front) {
    const s = scores[candidates.indexOf(candidate)];
    if (score === undefined || s > score) {
      best = candidate;
      score = s;
    }
  }
  return { best, score, front, violations };
}
