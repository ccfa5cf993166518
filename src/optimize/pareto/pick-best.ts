import { z } from 'zod';
import type { MetricsSummary } from '../../metrics/summarize-metrics.js';
import { rankWithNoise } from '../noise/rank-with-noise.js';
import type { NoisyCandidate, QuestionValuesOf } from '../noise/verdict-matrix.js';
import { objectiveWeights, scalariseObjectives } from '../objective-score.js';
import type { Objective } from '../proposers/proposer.js';
import type { RungResult } from '../../store/trial.js';
import { tieOrder, type TieBreak } from './tie-order.js';
import type { HasObjectives } from './pareto-front.js';

/** A hard requirement on one metric of a trial, e.g. latency_p95_ms < 200. */
export const ConstraintSchema = z
  .object({ metric: z.string().min(1), op: z.enum(['<', '<=', '>', '>=']), value: z.number() })
  .strict();
export type Constraint = z.infer<typeof ConstraintSchema>;

/** What {@link pickBest} reads from a candidate (a complete trial in practice). */
export interface PickBestCandidate extends HasObjectives {
  metrics: MetricsSummary | null;
  /** Trial id: the key of `smoothed` and of per-question values; input position without it. */
  id?: number;
  /** The final tie-breaker; input order without it. */
  configHash?: string;
  /** The highest rung carries the objectives' standard errors and the questions evaluated. */
  rungs?: readonly RungResult[];
}

export type { TieBreak } from './tie-order.js';

export interface PickBestResult<T> {
  /** The chosen candidate; undefined when no candidate satisfies every constraint. */
  best?: T;
  /** Its weighted normalised score in [0, 1] (see scalariseObjectives). */
  score?: number;
  /** Noise-aware Pareto front of the feasible candidates, in input order. */
  front: T[];
  /** How many candidates broke each constraint, most broken first; only constraints broken at least once. */
  violations: { constraint: Constraint; failedBy: number }[];
  /** Set when the pick was a noise decision: its nearest rival tied it within noise, and what broke the tie. */
  tie?: { rival: T; decidedBy: TieBreak };
}

/**
 * Constraints a candidate's metrics break. A missing or null metric breaks its constraint:
 * an unknown latency cannot be shown to be under a limit.
 */
export function failedConstraints(options: {
  metrics: MetricsSummary | null;
  constraints: readonly Constraint[];
}): Constraint[] {
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
 * Picks the configuration to recommend, so that a cold rerun recommends the same one:
 *
 * 1. Candidates breaking a constraint are out.
 * 2. The rest are ranked by rankWithNoise (noise-aware Pareto front, weighted score over
 *    reproducible values, config hash); the first is the leader.
 * 3. Every front member that is not significantly worse than the leader on any weighted
 *    objective (per-question paired interval with `questionValuesOf`, else standard errors;
 *    timings with their run-to-run floor) ties it. Among those the pick has the most questions
 *    evaluated, then the best `smoothed` estimate (e.g. a surrogate's posterior mean by trial id;
 *    candidates without one come after those with one), then, without one, the best weighted
 *    score over reproducible values (measured values; timings by tie class, so run-to-run noise
 *    never decides), then the lowest config hash.
 *
 * Objectives are normalised over all candidates, so the scale does not shift with the
 * constraints. Called at the end of a run and whenever a report shows "best so far". Pass
 * complete trials only: pruned trials' values come from fewer questions.
 */
export function pickBest<T extends PickBestCandidate>(options: {
  candidates: readonly T[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  constraints?: readonly Constraint[];
  /** Per-question values of the candidates, for paired comparisons. */
  questionValuesOf?: QuestionValuesOf;
  /** A smoothed score per trial id, higher is better (optional; see step 3). */
  smoothed?: ReadonlyMap<number, number>;
}): PickBestResult<T> {
  const { candidates, objectives, weights, constraints = [] } = options;
  const scores = scalariseObjectives({ rows: candidates.map((c) => c.objectives), objectives, weights });
  const failures = candidates.map((c) => failedConstraints({ metrics: c.metrics, constraints }));
  const violations = constraints
    .map((constraint) => ({ constraint, failedBy: failures.filter((f) => f.includes(constraint)).length }))
    .filter((v) => v.failedBy > 0)
    .sort((a, b) => b.failedBy - a.failedBy);
  const feasible = candidates.filter((_, i) => failures[i].length === 0);
  if (feasible.length === 0) return { front: [], violations };
  const noisy = feasible.map((c) => noisyCandidateOf(c, candidates.indexOf(c)));
  const ranking = rankWithNoise({ candidates: noisy, objectives, weights, questionValuesOf: options.questionValuesOf });
  const front = [...ranking.fronts[0]].sort((a, b) => a - b);
  const leader = ranking.order[0];
  const weighted = objectiveWeights({ objectives, weights });
  const ties = front.filter((i) => ranking.matrix.every((rows, k) => weighted[k] === 0 || rows[i][leader] >= 0));
  const order = tieOrder({ candidates: noisy, scores: ranking.decisionScores, smoothed: options.smoothed });
  ties.sort((a, b) => order.compare(a, b));
  const pick = ties[0];
  const result: PickBestResult<T> = {
    best: feasible[pick],
    score: scores[candidates.indexOf(feasible[pick])],
    front: front.map((i) => feasible[i]),
    violations,
  };
  if (ties.length > 1) result.tie = { rival: feasible[ties[1]], decidedBy: order.decidedBy(pick, ties[1]) };
  return result;
}

function noisyCandidateOf(candidate: PickBestCandidate, index: number): NoisyCandidate {
  const last = candidate.rungs?.at(-1);
  return {
    id: candidate.id ?? index,
    // Without a hash the input position breaks ties: zero-padded so that text order is numeric.
    configHash: candidate.configHash ?? String(index).padStart(12, '0'),
    objectives: candidate.objectives,
    objectiveSe: last?.objectiveSe ?? null,
    questions: last?.questions ?? candidate.metrics?.questions ?? 0,
  };
}
