import type { QuestionScores } from '../metrics/score-question.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';
import type { Usage } from '../accounting/usage.js';
import type { Config } from '../space/parameter-schema.js';

/**
 * A trial is a handle on one configuration's evaluation inside a study. All of its state lives in
 * the store; a finished trial (complete, pruned, failed) is immutable.
 */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';
export const FINISHED_STATES: readonly TrialState[] = ['complete', 'pruned', 'failed'];

/** Objective values by objective name (e.g. quality, retrieval, latency, cost); null = unknown. */
export type ObjectiveValues = Record<string, number | null>;

/** The result of one rung (a nested question subset) of a trial. */
export interface RungResult {
  rung: number;
  questions: number;
  metrics: MetricsSummary;
  objectives: ObjectiveValues;
  /**
   * Standard error of each objective from the rung's per-question values (see
   * objectiveStandardErrors); absent on rungs stored before it was recorded.
   */
  objectiveSe?: ObjectiveValues;
}

/** One question's result inside a rung; stored for every trial and rung (paired comparisons, drill-down). */
export interface QuestionResult {
  questionId: string;
  scores: QuestionScores;
  answer: string | null;
  /** Chunk references of the final top-k: "docId:start-end". */
  retrieved: string[];
  latencyMs: number;
  usage: Usage;
  error?: string;
}

export interface TrialRecord {
  id: number;
  studyId: number;
  /** 0-based order of enqueueing inside the study (what users call "#12"). */
  number: number;
  state: TrialState;
  config: Config;
  /** stableHash of the canonical config: two trials with the same hash are the same configuration. */
  configHash: string;
  /** Which proposer made it (random, grid, tpe, greedy, auto, llm, user, baseline) and why. */
  proposer: string;
  rationale: string;
  rungs: RungResult[];
  /** Objectives at the highest rung reached; null until the first rung finishes. */
  objectives: ObjectiveValues | null;
  metrics: MetricsSummary | null;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  workerId: string | null;
  /** When the worker holding this running trial last said it is alive (ms epoch); null unless running. */
  heartbeatAt: number | null;
}

/** The fields {@link newTrialRecord} needs; the rest default to a fresh waiting trial. */
export type NewTrialFields = Pick<
  TrialRecord,
  'id' | 'studyId' | 'number' | 'config' | 'configHash' | 'proposer' | 'rationale' | 'createdAt'
> &
  Partial<
    Omit<TrialRecord, 'id' | 'studyId' | 'number' | 'config' | 'configHash' | 'proposer' | 'rationale' | 'createdAt'>
  >;

/**
 * The one way to build a trial record: stores (memory, SQLite rows), proposers' placeholders
 * and test or bench histories all go through it, so a new field is added in one place. Unset
 * fields are those of a trial just enqueued: waiting, no rungs, no objectives, metrics or error,
 * not started, not finished, no worker, no heartbeat.
 */
export function newTrialRecord(fields: NewTrialFields): TrialRecord {
  return {
    state: 'waiting',
    rungs: [],
    objectives: null,
    metrics: null,
    error: null,
    startedAt: null,
    finishedAt: null,
    workerId: null,
    heartbeatAt: null,
    ...fields,
  };
}
