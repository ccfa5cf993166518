import { TuneRagError, optionRef } from '../errors.js';
import { stableHash } from '../json/canonical-json.js';
import type { StudyRecord, StudyStore } from '../store/study-store.js';
import type { Config } from '../space/parameter-schema.js';
import type { Proposal } from './proposers/proposer.js';
import { StudySettingsSchema, type StudySettings } from './study-settings.js';
import type { ObjectiveValues, QuestionResult, RungResult, TrialRecord } from '../store/trial.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';

/** Error text of trials cut short by a crash or Ctrl-C; they are re-enqueued and do not use budget. */
export const INTERRUPTED = 'interrupted';

/**
 * Ask / tell / enqueue over a store. Proposers' outputs enter through `enqueue`; workers take
 * trials with `ask` and report with `tellRung` / `finish`. The study holds no state of its own
 * beyond its record: everything is read from and written to the store, so a killed run resumes.
 */
export class Study {
  private constructor(
    readonly store: StudyStore,
    readonly record: StudyRecord,
    readonly settings: StudySettings,
  ) {}

  /** Creates a new study; errors if the name is taken (the caller decides about --resume). */
  static create(options: { store: StudyStore; name: string; settings: StudySettings }): Study {
    const record = options.store.createStudy({ name: options.name, settings: options.settings as unknown as Record<string, unknown> });
    return new Study(options.store, record, options.settings);
  }

  /** Opens an existing study, validating its recorded settings. */
  static open(options: { store: StudyStore; name: string }): Study | undefined {
    const record = options.store.getStudy(options.name);
    if (!record) return undefined;
    const parsed = StudySettingsSchema.safeParse(record.settings);
    if (!parsed.success) {
      throw new TuneRagError('store', `study "${options.name}" was written by an incompatible version of tune-rag`, { hint: `Start a new study with ${optionRef('study')} NEW_NAME.` });
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
    const known = new Set(this.trials().filter((t) => !(t.state === 'failed' && t.error === INTERRUPTED)).map((t) => t.configHash));
    const added: TrialRecord[] = [];
    for (const proposal of options.proposals) {
      const configHash = stableHash(proposal.config);
      if (known.has(configHash)) continue;
      known.add(configHash);
      added.push(this.store.enqueueTrial({ studyId: this.id, config: proposal.config, configHash, proposer: proposal.proposer ?? options.proposer, rationale: proposal.rationale }));
    }
    return added;
  }

  /** Claims the next waiting trial for a worker. */
  ask(workerId: string): TrialRecord | undefined {
    return this.store.claimWaiting({ studyId: this.id, workerId });
  }

  tellRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[] }): void {
    this.store.recordRung(options);
  }

  finish(options: { trialId: number; state: 'complete' | 'pruned' | 'failed'; objectives: ObjectiveValues | null; metrics: MetricsSummary | null; error?: string }): TrialRecord {
    return this.store.finishTrial(options);
  }

  trials(): TrialRecord[] {
    return this.store.listTrials({ studyId: this.id });
  }

  /**
   * Re-queues what was cut short: running trials left by a crash (failed as interrupted first)
   * and trials failed as interrupted by Ctrl-C or the spend cap, unless their configuration was
   * already enqueued again. Finished questions come back from the stage cache, so a repeat is cheap.
   * Call when a process takes over the study (tune, chat), before its loop starts.
   */
  recoverInterrupted(): TrialRecord[] {
    if (this.store.listTrials({ studyId: this.id, states: ['running'] }).length > 0) {
      this.store.failStaleRunning({ studyId: this.id, reason: INTERRUPTED });
    }
    const trials = this.trials();
    const isInterrupted = (t: TrialRecord) => t.state === 'failed' && t.error === INTERRUPTED;
    // A configuration with any other trial (waiting, done, or an earlier re-run) needs no new one.
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
    return [this.store.enqueueTrial({ studyId: this.id, config: trial.config as Config, configHash: trial.configHash, proposer: trial.proposer, rationale: `${trial.rationale} (re-run of interrupted #${trial.number})` })];
  }
}

/** Trials that used budget: finished, except those cut short by an interruption. */
export function countsTowardBudget(trial: TrialRecord): boolean {
  return trial.state === 'complete' || trial.state === 'pruned' || (trial.state === 'failed' && trial.error !== INTERRUPTED);
}
