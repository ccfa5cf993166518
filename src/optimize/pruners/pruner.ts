import type { QuestionValuesOf } from '../noise/verdict-matrix.js';
import type { Objective } from '../proposers/proposer.js';
import type { ObjectiveValues, TrialState } from '../../store/trial.js';

/** The pruners tune-rag ships; `createPruner` builds them by name. */
export const PRUNER_NAMES = ['successive-halving', 'median', 'none'] as const;
export type PrunerName = (typeof PRUNER_NAMES)[number];

/** The pruner of a study that does not say (studies started before pruners were pluggable). */
export const DEFAULT_PRUNER: PrunerName = 'successive-halving';

/** One trial's result at the rung being decided on. */
export interface RungPeer {
  trialId: number;
  objectives: ObjectiveValues;
  /** The tie-breaker; without it the trial id is (older callers). */
  configHash?: string;
  /** Standard error of each objective at this rung (absent: compared as if exact). */
  objectiveSe?: ObjectiveValues | null;
  /** Questions of the rung. */
  questions?: number;
  /**
   * The trial's state when the decision is taken: `complete` ran every rung, `pruned` stopped at
   * one, `running` is still going (the candidate itself, or another worker's trial). Failed
   * trials are never peers. Absent: not known to be complete.
   */
  state?: TrialState;
}

/**
 * What a pruner sees when a trial has finished a rung that is not the last: the trial's result
 * and every other non-failed trial's result at that same rung (same nested questions, so
 * directly comparable), plus how to compare them (objectives, live weights, per-question values).
 */
export interface PruneContext {
  candidateId: number;
  /** 0-based index of the rung just finished. */
  rung: number;
  /** Rungs of the study; the last one is never decided on (the trial is then complete). */
  rungCount: number;
  /** Every non-failed trial that finished this rung, the candidate included. */
  peers: readonly RungPeer[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  /** Per-question values of the peers at this rung, for paired comparisons (absent: unpaired). */
  questionValuesOf?: QuestionValuesOf;
}

/** A pruner's verdict; implementations add what explains it (rank, slots, median...). */
export interface PruneDecision {
  /** True: the trial goes on to the next rung; false: it finishes as pruned, keeping this rung. */
  promote: boolean;
}

/**
 * Decides, rung by rung, whether a trial goes on (Optuna's pruner: the trial's value at a step
 * against the study's other trials at that step). evaluateTrial asks it after every rung but the
 * last. A pruner must not count failed trials (they are never in `peers`) and should let noise
 * neither promote nor prune (see noise/noise-rule.ts). `name` is stored with the study, so that
 * `resume` uses the same pruner.
 */
export interface Pruner {
  readonly name: string;
  decide(context: PruneContext): PruneDecision | Promise<PruneDecision>;
}
