import { TuneRagError, optionRef } from '../errors.js';
import { stableHash } from '../json/canonical-json.js';
import type { SteeringRecord, StudyRecord, StudySpend, StudyStore } from '../store/study-store.js';
import type { Config } from '../space/parameter-schema.js';
import type { Proposal } from './proposers/proposer.js';
import { StudySettingsSchema, type StudySettings } from './study-settings.js';
import type { ObjectiveValues, QuestionResult, RungResult, TrialRecord, TrialState } from '../store/trial.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';
import { INTERRUPTED } from './interrupted-trials.js';
import { summarizeStudy, type StudySummary } from './study-summary.js';
import { replaySteering, type SteeringState } from './steering/steering-state.js';
import { DEFAULT_HEARTBEAT_GRACE_MS } from './workers/worker-timing.js';
import { isDeadLocalWorker, processId } from './workers/worker-identity.js';
import { isTrialNotHeld } from '../store/store-errors.js';

/** The lease a process holds while it enqueues (proposes or re-queues), so two never do at once. */
export const PROPOSER_LEASE = 'proposer';

export { INTERRUPTED, countsTowardBudget } from './interrupted-trials.js';

/**
 * Ask / tell / enqueue over a store. Proposers' outputs enter through `enqueue`; workers take
 * trials with `ask` and report with `tellRung` / `finish`. The study holds no state of its own
 * beyond its record: everything is read from and written to the store, so a killed run resumes.
 *
 * The store is the study's own (as in Optuna, the study owns its storage): callers ask the study
 * for what they need (trials, question results, steering, spend, best, Pareto front) rather than
 * reaching past it, so the store stays swappable and its invariants have one guard.
 */
export class Study {
  readonly #store: StudyStore;

  private constructor(
    store: StudyStore,
    readonly record: StudyRecord,
    readonly settings: StudySettings,
  ) {
    this.#store = store;
  }

  /** Creates a new study; errors if the name is taken (the caller decides about --resume). */
  static create(options: { store: StudyStore; name: string; settings: StudySettings }): Study {
    const record = options.store.createStudy({
      name: options.name,
      settings: options.settings as unknown as Record<string, unknown>,
    });
    return new Study(options.store, record, options.settings);
  }

  /** Opens an existing study, validating its recorded settings. */
  static open(options: { store: StudyStore; name: string }): Study | undefined {
    const record = options.store.getStudy(options.name);
    if (!record) return undefined;
    const parsed = StudySettingsSchema.safeParse(record.settings);
    if (!parsed.success) {
      throw new TuneRagError('store', `study "${options.name}" was written by an incompatible version of tune-rag`, {
        hint: `Start a new study with ${optionRef('study')} NEW_NAME.`,
      });
    }
    return new Study(options.store, record, parsed.data);
  }

  get id(): number {
    return this.record.id;
  }

  get name(): string {
    return this.record.name;
  }

  /**
   * Adds proposals as waiting trials, skipping any configuration the study already has (in any
   * state but failed-by-interruption), so nothing is evaluated twice. A proposal's own `proposer`
   * label (a fallback's) wins over the batch's.
   */
  enqueue(options: { proposals: Proposal[]; proposer: string }): TrialRecord[] {
    const known = new Set(
      this.trials()
        .filter((t) => !(t.state === 'failed' && t.error === INTERRUPTED))
        .map((t) => t.configHash),
    );
    const added: TrialRecord[] = [];
    for (const proposal of options.proposals) {
      const configHash = stableHash(proposal.config);
      if (known.has(configHash)) continue;
      known.add(configHash);
      added.push(
        this.#store.enqueueTrial({
          studyId: this.id,
          config: proposal.config,
          configHash,
          proposer: proposal.proposer ?? options.proposer,
          rationale: proposal.rationale,
        }),
      );
    }
    return added;
  }

  /** Claims the next waiting trial for a worker. */
  ask(workerId: string): TrialRecord | undefined {
    return this.#store.claimWaiting({ studyId: this.id, workerId });
  }

  /** Stores a rung; with `workerId`, throws `TrialNotHeldError` if that worker lost the trial. */
  tellRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[]; workerId?: string }): void {
    this.#store.recordRung(options);
  }

  /** Finishes a trial; with `workerId`, throws `TrialNotHeldError` if that worker lost it. */
  finish(options: {
    trialId: number;
    state: 'complete' | 'pruned' | 'failed';
    objectives: ObjectiveValues | null;
    metrics: MetricsSummary | null;
    error?: string;
    workerId?: string;
  }): TrialRecord {
    return this.#store.finishTrial(options);
  }

  /** Says `workerId` still evaluates the trial; false when it lost it (recovered by another process, or finished). */
  heartbeat(options: { trialId: number; workerId: string }): boolean {
    return this.#store.heartbeat(options);
  }

  /** Takes or renews a named lease of this study (see StudyStore.acquireLease); true when `holder` holds it. */
  acquireLease(options: { name: string; holder: string; ttlMs: number }): boolean {
    return this.#store.acquireLease({ studyId: this.id, ...options });
  }

  releaseLease(options: { name: string; holder: string }): void {
    this.#store.releaseLease({ studyId: this.id, ...options });
  }

  /** The study's trials in number order; `states` keeps only those in one of these states. */
  trials(options: { states?: TrialState[] } = {}): TrialRecord[] {
    return this.#store.listTrials({ studyId: this.id, ...(options.states ? { states: options.states } : {}) });
  }

  /** One trial of this study by its id; undefined when there is none (or it belongs to another study). */
  trial(trialId: number): TrialRecord | undefined {
    const trial = this.#store.getTrial(trialId);
    return trial?.studyId === this.id ? trial : undefined;
  }

  /** Per-question results of one rung of a trial, in the order the study gave the questions. */
  questionResults(options: { trialId: number; rung: number }): QuestionResult[] {
    return this.#store.questionResults(options);
  }

  /**
   * Removes a waiting trial (a steering action excluded its value). False, and nothing changes,
   * when it is no longer waiting (another worker claimed it) or is gone.
   */
  cancelWaiting(trialId: number): boolean {
    return this.#store.cancelWaiting({ trialId });
  }

  /** The steering log, oldest first: the only source of truth for weights, constraints, pins and budget. */
  steeringRecords(): SteeringRecord[] {
    return this.#store.listSteering(this.id);
  }

  /** Appends one steering action, applied after `atTrial` finished trials, with the message that asked for it. */
  recordSteering(options: { atTrial: number; action: Record<string, unknown>; message?: string }): SteeringRecord {
    return this.#store.addSteering({ studyId: this.id, ...options });
  }

  /**
   * What the steering log adds up to (see `replaySteering`): weights, constraints, pins and the
   * budget, starting from `budget` (default: the settings' budget).
   */
  steeringState(options: { budget?: number; budgetExplicit?: boolean } = {}): SteeringState {
    return replaySteering({
      settings: this.settings,
      budget: options.budget ?? this.settings.budget,
      budgetExplicit: options.budgetExplicit,
      records: this.steeringRecords(),
    });
  }

  /** LLM money spent by every process of this study so far, and its spend cap. */
  spend(): StudySpend {
    return this.#store.getSpend(this.id);
  }

  /** Adds the cost of one finished LLM call (null = unknown price) to the study's total. */
  addSpend(costUsd: number | null): void {
    this.#store.addSpend({ studyId: this.id, costUsd });
  }

  /** Stores the study's spend cap (null = none); later processes keep it unless they set another. */
  setSpendCap(capUsd: number | null): void {
    this.#store.setSpendCap({ studyId: this.id, capUsd });
  }

  /** Everything the reports say about the study now (see `summarizeStudy`); recomputed on each call. */
  summary(): StudySummary {
    return summarizeStudy(this);
  }

  /** The best complete trial under the steered weights and constraints; undefined before one completes. */
  best(): TrialRecord | undefined {
    return this.summary().best;
  }

  /** The complete trials no other complete trial beats on every objective (constraints applied). */
  paretoFront(): TrialRecord[] {
    return this.summary().pareto;
  }

  /**
   * Fails as interrupted the running trials nobody works on any more: those whose heartbeat is
   * at least `graceMs` old and, with `deadLocalWorkers`, those of a worker process on this
   * machine that is gone (so `kill -9` then `--resume` need not wait out the grace). Live trials
   * of other processes are left alone. Returns how many were failed.
   */
  failStale(options: { graceMs: number; deadLocalWorkers?: boolean }): number {
    const running = this.#store.listTrials({ studyId: this.id, states: ['running'] });
    if (running.length === 0) return 0;
    let failed = 0;
    const dead = options.deadLocalWorkers ? running.filter((t) => isDeadLocalWorker(t.workerId)) : [];
    for (const trial of dead) {
      try {
        // Finished on behalf of its dead worker: refused if the trial changed hands meanwhile.
        this.finish({
          trialId: trial.id,
          state: 'failed',
          objectives: null,
          metrics: null,
          error: INTERRUPTED,
          workerId: trial.workerId!,
        });
        failed += 1;
      } catch (error) {
        if (!isTrialNotHeld(error)) throw error;
      }
    }
    const heartbeatBefore = Date.now() - options.graceMs + 1;
    return failed + this.#store.failStaleRunning({ studyId: this.id, reason: INTERRUPTED, heartbeatBefore });
  }

  /**
   * Re-queues what was cut short: stale running trials (failed as interrupted first, see
   * `failStale`; default grace 30 s; trials of dead local processes at once) and trials failed as interrupted by Ctrl-C or the spend
   * cap, unless their configuration was already enqueued again. Finished questions come back
   * from the stage cache, so a repeat is cheap. Call when a process takes over the study (tune,
   * chat), before its loop starts. Done under the study's proposer lease, so two processes never
   * re-queue the same trial; when another process holds it, nothing is re-queued now (that
   * process, or this one's loop, does it later).
   */
  recoverInterrupted(options: { graceMs?: number } = {}): TrialRecord[] {
    const holder = processId();
    const graceMs = options.graceMs ?? DEFAULT_HEARTBEAT_GRACE_MS;
    if (!this.acquireLease({ name: PROPOSER_LEASE, holder, ttlMs: Math.max(graceMs, 1_000) })) return [];
    try {
      this.failStale({ graceMs, deadLocalWorkers: true });
      return this.requeueInterrupted();
    } finally {
      this.releaseLease({ name: PROPOSER_LEASE, holder });
    }
  }

  /**
   * Enqueues again each trial failed as interrupted whose configuration has no other trial
   * (waiting, running, done, or an earlier re-run). The caller holds the proposer lease.
   */
  requeueInterrupted(): TrialRecord[] {
    const trials = this.trials();
    const isInterrupted = (t: TrialRecord) => t.state === 'failed' && t.error === INTERRUPTED;
    const covered = new Set(trials.filter((t) => !isInterrupted(t)).map((t) => t.configHash));
    const requeued: TrialRecord[] = [];
    for (const trial of trials.filter(isInterrupted)) {
      if (covered.has(trial.configHash)) continue;
      covered.add(trial.configHash);
      requeued.push(...this.requeue(trial));
    }
    return requeued;
  }

  /** Enqueues a trial's configuration again after it was interrupted. */
  requeue(trial: TrialRecord): TrialRecord[] {
    return [
      this.#store.enqueueTrial({
        studyId: this.id,
        config: trial.config as Config,
        configHash: trial.configHash,
        proposer: trial.proposer,
        rationale: `${trial.rationale} (re-run of interrupted #${trial.number})`,
      }),
    ];
  }
}
