import type { Config } from '../space/parameter-schema.js';
import type { ObjectiveValues, QuestionResult, RungResult, TrialRecord, TrialState } from './trial.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';

/** A named study: one search over one dataset and space. Settings are free-form JSON. */
export interface StudyRecord {
  id: number;
  name: string;
  createdAt: number;
  /** Everything needed to resume or reproduce: dataset fingerprint, space, objectives, seed, versions. */
  settings: Record<string, unknown>;
}

/** One steering action applied to a study (chat, flags, steer files), with when it happened. */
export interface SteeringRecord {
  id: number;
  studyId: number;
  /** Number of finished trials when the action was applied. */
  atTrial: number;
  action: Record<string, unknown>;
  message: string | null;
  createdAt: number;
}

/**
 * LLM money a study has spent over all its processes (calls actually sent, not cache hits) and
 * its spend cap (`--max-cost`, null = none).
 */
export interface StudySpend {
  spentUsd: number;
  /** True once any call used a model without a price: spentUsd is then a lower bound. */
  costUnknown: boolean;
  capUsd: number | null;
}

/** How a running trial ends: its final state, objectives and metrics (null keeps the last rung's), and why it failed. */
export interface FinishTrialOptions {
  trialId: number;
  state: Exclude<TrialState, 'waiting' | 'running'>;
  objectives: ObjectiveValues | null;
  metrics: MetricsSummary | null;
  error?: string;
  /** The worker that claimed the trial: when given, finishing fails with `TrialNotHeldError` if it lost it. */
  workerId?: string;
}

/**
 * All of a study's state. Only the study (ask/tell/enqueue) talks to it. Implementations: SQLite
 * (durable, shared by workers) and in-memory (tests); both pass tests/store/store-contract.ts.
 *
 * Invariants: finished trials (complete, pruned, failed) never change; `claimWaiting` hands each
 * waiting trial to exactly one caller; every write is durable when the call returns.
 */
export interface StudyStore {
  createStudy(options: { name: string; settings: Record<string, unknown> }): StudyRecord;
  getStudy(name: string): StudyRecord | undefined;
  listStudies(): StudyRecord[];
  updateStudySettings(studyId: number, settings: Record<string, unknown>): void;

  /** Adds a waiting trial; its number is the next in the study. */
  enqueueTrial(options: {
    studyId: number;
    config: Config;
    configHash: string;
    proposer: string;
    rationale: string;
  }): TrialRecord;
  /**
   * Atomically moves the oldest waiting trial to running for `workerId`; undefined when none waits.
   * Also sets heartbeatAt = startedAt = now.
   */
  claimWaiting(options: { studyId: number; workerId: string }): TrialRecord | undefined;
  /**
   * Records that `workerId` still works on a running trial. Returns false (and changes nothing) when the
   * trial is not running under that worker any more (it was recovered as stale, or finished).
   */
  heartbeat(options: { trialId: number; workerId: string }): boolean;
  /**
   * Appends a rung result and its per-question results to a running trial, and makes the rung's
   * objectives and metrics the trial's (those of the highest rung reached). Throws if the trial is
   * not running or already has that rung; with `workerId`, throws `TrialNotHeldError` (and changes
   * nothing) when the trial is not running under that worker.
   */
  recordRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[]; workerId?: string }): void;
  /**
   * Finishes a running trial. Throws (and changes nothing) if it is not running, e.g. already
   * finished. A null `objectives` / `metrics` means "unknown" and keeps the last rung's values.
   * With `workerId`, throws `TrialNotHeldError` (and changes nothing) when the trial is not running
   * under that worker (another process recovered it as stale).
   */
  finishTrial(options: FinishTrialOptions): TrialRecord;
  /**
   * Marks running trials as failed with `reason`; with `heartbeatBefore` only those
   * whose heartbeat (startedAt when none) is older than it (ms epoch). Returns how many.
   */
  failStaleRunning(options: { studyId: number; reason: string; heartbeatBefore?: number }): number;
  /**
   * A named lease inside a study (e.g. "proposer": one proposer at a time across workers). Takes it when
   * free, expired, or already held by `holder` (then renews it); returns whether `holder` now holds it.
   */
  acquireLease(options: { studyId: number; name: string; holder: string; ttlMs: number }): boolean;
  /** Gives a lease back if `holder` holds it; no-op otherwise. */
  releaseLease(options: { studyId: number; name: string; holder: string }): void;
  /**
   * Removes a waiting trial (e.g. a steering action excluded its value). Returns false and changes
   * nothing when the trial is not waiting (another worker may have claimed it meanwhile) or is gone.
   */
  cancelWaiting(options: { trialId: number }): boolean;

  getTrial(trialId: number): TrialRecord | undefined;
  listTrials(options: { studyId: number; states?: TrialState[] }): TrialRecord[];
  questionResults(options: { trialId: number; rung: number }): QuestionResult[];

  /** The study's spend so far and its cap; zero and no cap for a study that never called an LLM. */
  getSpend(studyId: number): StudySpend;
  /** Adds the cost of one finished call (null = unknown price) to the study's total. */
  addSpend(options: { studyId: number; costUsd: number | null }): void;
  setSpendCap(options: { studyId: number; capUsd: number | null }): void;

  addSteering(options: {
    studyId: number;
    atTrial: number;
    action: Record<string, unknown>;
    message?: string;
  }): SteeringRecord;
  listSteering(studyId: number): SteeringRecord[];

  close(): void;
}
