import { newTrialRecord, type QuestionResult, type RungResult, type TrialRecord, type TrialState } from './trial.js';
import type { Config } from '../space/parameter-schema.js';
import {
  duplicateRungError,
  checkTrialHeld,
  duplicateStudyError,
  studyNotFoundError,
  trialNotFoundError,
  trialStateError,
} from './store-errors.js';
import type { SteeringRecord, StudyRecord, StudySpend, StudyStore, FinishTrialOptions } from './study-store.js';

/**
 * Copy through JSON, exactly as the SQLite store's JSON columns do: callers can never reach stored
 * objects, and both stores turn the same inputs into the same outputs (an `undefined` property
 * disappears, a NaN becomes null).
 */
function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

interface StoredTrial {
  record: TrialRecord;
  /** Per-question results by rung number. */
  questions: Map<number, QuestionResult[]>;
}

/**
 * A {@link StudyStore} kept in process memory, for tests and throwaway runs. Same semantics as
 * the SQLite store (both pass the contract suite); nothing survives the process. Every record
 * goes in and comes out as a deep copy.
 */
export class MemoryStudyStore implements StudyStore {
  private readonly studies: (StudyRecord & { nextTrialNumber: number })[] = [];
  private readonly trials = new Map<number, StoredTrial>();
  private readonly steering: SteeringRecord[] = [];
  private readonly spend = new Map<number, StudySpend>();
  /** Leases by study id and name. */
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();
  private nextTrialId = 1;

  createStudy(options: { name: string; settings: Record<string, unknown> }): StudyRecord {
    if (this.studies.some((study) => study.name === options.name)) throw duplicateStudyError(options.name);
    const study = {
      id: this.studies.length + 1,
      name: options.name,
      createdAt: Date.now(),
      settings: copy(options.settings),
      nextTrialNumber: 0,
    };
    this.studies.push(study);
    return this.studyOut(study);
  }

  getStudy(name: string): StudyRecord | undefined {
    const study = this.studies.find((s) => s.name === name);
    return study && this.studyOut(study);
  }

  listStudies(): StudyRecord[] {
    return this.studies.map((study) => this.studyOut(study));
  }

  updateStudySettings(studyId: number, settings: Record<string, unknown>): void {
    this.study(studyId).settings = copy(settings);
  }

  enqueueTrial(options: {
    studyId: number;
    config: Config;
    configHash: string;
    proposer: string;
    rationale: string;
  }): TrialRecord {
    const study = this.study(options.studyId);
    const record = newTrialRecord({
      id: this.nextTrialId++,
      studyId: study.id,
      // A counter, not the number of trials: cancelled trials keep their numbers unused.
      number: study.nextTrialNumber++,
      config: copy(options.config),
      configHash: options.configHash,
      proposer: options.proposer,
      rationale: options.rationale,
      createdAt: Date.now(),
    });
    this.trials.set(record.id, { record, questions: new Map() });
    return copy(record);
  }

  claimWaiting(options: { studyId: number; workerId: string }): TrialRecord | undefined {
    const oldest = this.studyTrials(options.studyId)
      .filter((t) => t.record.state === 'waiting')
      .sort((a, b) => a.record.number - b.record.number)[0];
    if (!oldest) return undefined;
    const { record } = oldest;
    record.state = 'running';
    record.workerId = options.workerId;
    record.startedAt = Date.now();
    record.heartbeatAt = record.startedAt;
    return copy(record);
  }

  heartbeat(options: { trialId: number; workerId: string }): boolean {
    const record = this.trials.get(options.trialId)?.record;
    if (record?.state !== 'running' || record.workerId !== options.workerId) return false;
    record.heartbeatAt = Date.now();
    return true;
  }

  recordRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[]; workerId?: string }): void {
    const stored = this.trial(options.trialId);
    const { record } = stored;
    checkTrialHeld(record, options.workerId);
    if (record.state !== 'running') throw trialStateError(record, 'record a rung for', 'running');
    if (record.rungs.some((r) => r.rung === options.rung.rung)) throw duplicateRungError(record, options.rung.rung);
    const rung = copy(options.rung);
    const highest = record.rungs.every((r) => r.rung < rung.rung);
    record.rungs = [...record.rungs, rung].sort((a, b) => a.rung - b.rung);
    stored.questions.set(rung.rung, copy(options.questions));
    if (highest) {
      record.objectives = copy(rung.objectives);
      record.metrics = copy(rung.metrics);
    }
  }

  finishTrial(options: FinishTrialOptions): TrialRecord {
    const { record } = this.trial(options.trialId);
    checkTrialHeld(record, options.workerId);
    if (record.state !== 'running') throw trialStateError(record, 'finish', 'running');
    record.state = options.state;
    // null means "unknown": keep what the last rung recorded (as the SQLite store's COALESCE).
    if (options.objectives !== null) record.objectives = copy(options.objectives);
    if (options.metrics !== null) record.metrics = copy(options.metrics);
    record.error = options.error ?? null;
    record.finishedAt = Date.now();
    record.heartbeatAt = null;
    return copy(record);
  }

  failStaleRunning(options: { studyId: number; reason: string; heartbeatBefore?: number }): number {
    const before = options.heartbeatBefore ?? Number.POSITIVE_INFINITY;
    const stale = this.studyTrials(options.studyId).filter(
      ({ record }) => record.state === 'running' && (record.heartbeatAt ?? record.startedAt ?? 0) < before,
    );
    const now = Date.now();
    for (const { record } of stale) {
      record.state = 'failed';
      record.error = options.reason;
      record.finishedAt = now;
      record.heartbeatAt = null;
    }
    return stale.length;
  }

  acquireLease(options: { studyId: number; name: string; holder: string; ttlMs: number }): boolean {
    const key = `${options.studyId}\u0000${options.name}`;
    const now = Date.now();
    const lease = this.leases.get(key);
    if (lease && lease.holder !== options.holder && lease.expiresAt > now) return false;
    this.leases.set(key, { holder: options.holder, expiresAt: now + options.ttlMs });
    return true;
  }

  releaseLease(options: { studyId: number; name: string; holder: string }): void {
    const key = `${options.studyId}\u0000${options.name}`;
    if (this.leases.get(key)?.holder === options.holder) this.leases.delete(key);
  }

  cancelWaiting(options: { trialId: number }): boolean {
    const stored = this.trials.get(options.trialId);
    if (stored?.record.state !== 'waiting') return false;
    return this.trials.delete(options.trialId);
  }

  getTrial(trialId: number): TrialRecord | undefined {
    const stored = this.trials.get(trialId);
    return stored && copy(stored.record);
  }

  listTrials(options: { studyId: number; states?: TrialState[] }): TrialRecord[] {
    return this.studyTrials(options.studyId)
      .filter((t) => !options.states || options.states.includes(t.record.state))
      .sort((a, b) => a.record.number - b.record.number)
      .map((t) => copy(t.record));
  }

  questionResults(options: { trialId: number; rung: number }): QuestionResult[] {
    return copy(this.trials.get(options.trialId)?.questions.get(options.rung) ?? []);
  }

  getSpend(studyId: number): StudySpend {
    return { ...(this.spend.get(studyId) ?? { spentUsd: 0, costUnknown: false, capUsd: null }) };
  }

  addSpend(options: { studyId: number; costUsd: number | null }): void {
    const spend = this.getSpend(options.studyId);
    this.spend.set(options.studyId, {
      ...spend,
      spentUsd: spend.spentUsd + (options.costUsd ?? 0),
      costUnknown: spend.costUnknown || options.costUsd === null,
    });
  }

  setSpendCap(options: { studyId: number; capUsd: number | null }): void {
    this.spend.set(options.studyId, { ...this.getSpend(options.studyId), capUsd: options.capUsd });
  }

  addSteering(options: {
    studyId: number;
    atTrial: number;
    action: Record<string, unknown>;
    message?: string;
  }): SteeringRecord {
    this.study(options.studyId);
    const record: SteeringRecord = {
      id: this.steering.length + 1,
      studyId: options.studyId,
      atTrial: options.atTrial,
      action: copy(options.action),
      message: options.message ?? null,
      createdAt: Date.now(),
    };
    this.steering.push(record);
    return copy(record);
  }

  listSteering(studyId: number): SteeringRecord[] {
    return this.steering.filter((s) => s.studyId === studyId).map(copy);
  }

  /** Nothing to release; the data goes when the store is garbage-collected. */
  close(): void {}

  private study(studyId: number): StudyRecord & { nextTrialNumber: number } {
    const study = this.studies.find((s) => s.id === studyId);
    if (!study) throw studyNotFoundError(studyId);
    return study;
  }

  private studyOut(study: StudyRecord & { nextTrialNumber: number }): StudyRecord {
    return { id: study.id, name: study.name, createdAt: study.createdAt, settings: copy(study.settings) };
  }

  private trial(trialId: number): StoredTrial {
    const stored = this.trials.get(trialId);
    if (!stored) throw trialNotFoundError(trialId);
    return stored;
  }

  private studyTrials(studyId: number): StoredTrial[] {
    return [...this.trials.values()].filter((t) => t.record.studyId === studyId);
  }
}
