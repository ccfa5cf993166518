import type Database from 'better-sqlite3';
import type { QuestionResult, RungResult, TrialRecord, TrialState } from './trial.js';
import type { Config } from '../space/parameter-schema.js';
import { busyTimeoutMs } from './busy-timeout.js';
import { DatabaseFileIdentity } from './database-file-identity.js';
import { openStudyDatabase } from './open-study-database.js';
import { isLockContention, isStoreFailure, storeFailure, type StoreFailureError } from './store-failure.js';
import {
  questionFromRow,
  rungFromRow,
  steeringFromRow,
  studyFromRow,
  toJson,
  trialFromRow,
  heldBy,
  questionRowValues,
  rungsByTrialId,
  type QuestionRow,
  type RungRow,
  type SteeringRow,
  type StudyRow,
  type TrialRow,
} from './sqlite-rows.js';
import {
  duplicateRungError,
  duplicateStudyError,
  studyNotFoundError,
  trialNotFoundError,
  trialStateError,
  checkTrialHeld,
} from './store-errors.js';
import { acquireSqliteLease, releaseSqliteLease } from './sqlite-leases.js';
import type { SteeringRecord, StudyRecord, StudySpend, StudyStore, FinishTrialOptions } from './study-store.js';

/** A synchronous pause between lock retries (the store's API is synchronous, like better-sqlite3's). */
const RETRY_PAUSE = new Int32Array(new SharedArrayBuffer(4));
const RETRY_PAUSE_MS = 50;

/**
 * The durable {@link StudyStore}: one SQLite file (callers default to `.tune-rag/tune-rag.db`)
 * that several worker processes open at once. Each write is one IMMEDIATE transaction, so the
 * checks it makes (is the trial running? is it still waiting?) and the change it makes cannot be
 * interleaved with another process's write; it is committed (and fsynced, see
 * {@link openStudyDatabase}) when the method returns. Reads of a trial with its rungs run in one
 * read transaction so they see a single snapshot.
 *
 * Construction opens or creates the file and throws `TuneRagError('store')` when that fails.
 *
 * Storage faults: a write that meets another process's lock waits up to the busy timeout
 * (30 s, `TUNE_RAG_BUSY_TIMEOUT_MS`), retrying; a write or read that still fails (locked, disk
 * full, read-only, file gone, damaged) throws a `StoreFailureError` naming the file and the fix,
 * and the file's identity is checked around every write, so a database deleted or replaced
 * mid-run stops the run at the next write instead of losing everything written after.
 */
export class SqliteStudyStore implements StudyStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly busyTimeoutMs: number;
  private readonly identity: DatabaseFileIdentity | null;
  /** The first write failure; every later write throws it at once (see `write`). */
  private failure: StoreFailureError | null = null;

  constructor(options: { path: string; busyTimeoutMs?: number }) {
    this.path = options.path;
    this.busyTimeoutMs = options.busyTimeoutMs ?? busyTimeoutMs();
    this.db = openStudyDatabase({ path: options.path, busyTimeoutMs: this.busyTimeoutMs });
    this.identity = DatabaseFileIdentity.of(options.path);
  }

  createStudy(options: { name: string; settings: Record<string, unknown> }): StudyRecord {
    return this.write(() => {
      if (this.studyRow(options.name)) throw duplicateStudyError(options.name);
      const row = this.sql('INSERT INTO studies (name, created_at, settings) VALUES (?, ?, ?) RETURNING *').get(
        options.name,
        Date.now(),
        JSON.stringify(options.settings),
      ) as StudyRow;
      return studyFromRow(row);
    });
  }

  getStudy(name: string): StudyRecord | undefined {
    const row = this.read(() => this.studyRow(name));
    return row && studyFromRow(row);
  }

  listStudies(): StudyRecord[] {
    return this.read(() => this.sql('SELECT * FROM studies ORDER BY id').all() as StudyRow[]).map(studyFromRow);
  }

  updateStudySettings(studyId: number, settings: Record<string, unknown>): void {
    const result = this.write(() =>
      this.sql('UPDATE studies SET settings = ? WHERE id = ?').run(JSON.stringify(settings), studyId),
    );
    if (result.changes === 0) throw studyNotFoundError(studyId);
  }

  enqueueTrial(options: {
    studyId: number;
    config: Config;
    configHash: string;
    proposer: string;
    rationale: string;
  }): TrialRecord {
    return this.write(() => {
      const counter = this.sql(
        'UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE id = ? RETURNING next_trial_number - 1 AS number',
      ).get(options.studyId) as { number: number } | undefined;
      if (!counter) throw studyNotFoundError(options.studyId);
      const row = this.sql(
        `INSERT INTO trials (study_id, number, state, config, config_hash, proposer, rationale, created_at)
         VALUES (?, ?, 'waiting', ?, ?, ?, ?, ?) RETURNING *`,
      ).get(
        options.studyId,
        counter.number,
        JSON.stringify(options.config),
        options.configHash,
        options.proposer,
        options.rationale,
        Date.now(),
      ) as TrialRow;
      return trialFromRow(row, []);
    });
  }

  claimWaiting(options: { studyId: number; workerId: string }): TrialRecord | undefined {
    // One UPDATE picks and flips the oldest waiting trial. BEGIN IMMEDIATE takes the write lock
    // before the sub-select reads, so no other process can pick the same row in between (and in
    // WAL mode a deferred transaction could not upgrade to a writer after another commit anyway).
    // `state = 'waiting'` in the outer WHERE restates the guard the claim depends on.
    return this.write(() => {
      const now = Date.now();
      const row = this.sql(
        `UPDATE trials SET state = 'running', worker_id = ?, started_at = ?, heartbeat_at = ?
         WHERE id = (SELECT id FROM trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1)
           AND state = 'waiting'
         RETURNING *`,
      ).get(options.workerId, now, now, options.studyId) as TrialRow | undefined;
      return row && trialFromRow(row, []);
    });
  }

  heartbeat(options: { trialId: number; workerId: string }): boolean {
    const beat = "UPDATE trials SET heartbeat_at = ? WHERE id = ? AND state = 'running' AND worker_id = ?";
    return this.write(() => this.sql(beat).run(Date.now(), options.trialId, options.workerId).changes === 1);
  }

  recordRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[]; workerId?: string }): void {
    const { trialId, rung } = options;
    this.write(() => {
      const trial = this.trialRow(trialId);
      if (!trial) throw trialNotFoundError(trialId);
      checkTrialHeld(heldBy(trial), options.workerId);
      if (trial.state !== 'running') throw trialStateError(trial, 'record a rung for', 'running');
      if (this.sql('SELECT 1 FROM rungs WHERE trial_id = ? AND rung = ?').get(trialId, rung.rung))
        throw duplicateRungError(trial, rung.rung);
      this.sql(
        'INSERT INTO rungs (trial_id, rung, questions, metrics, objectives, objective_se, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        trialId,
        rung.rung,
        rung.questions,
        JSON.stringify(rung.metrics),
        JSON.stringify(rung.objectives),
        toJson(rung.objectiveSe),
        Date.now(),
      );
      const insert = this.sql(
        `INSERT INTO question_results (trial_id, rung, position, question_id, scores, answer, retrieved, latency_ms, usage, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      options.questions.forEach((q, position) => {
        insert.run(...questionRowValues({ trialId, rung: rung.rung, position, question: q }));
      });
      // The trial's objectives are those of the highest rung reached, so a lower rung recorded
      // late (never done by the study, but allowed) does not overwrite them.
      this.sql(
        `UPDATE trials SET objectives = ?, metrics = ?
         WHERE id = ? AND NOT EXISTS (SELECT 1 FROM rungs WHERE trial_id = ? AND rung > ?)`,
      ).run(JSON.stringify(rung.objectives), JSON.stringify(rung.metrics), trialId, trialId, rung.rung);
    });
  }

  finishTrial(options: FinishTrialOptions): TrialRecord {
    return this.write(() => {
      const trial = this.trialRow(options.trialId);
      if (!trial) throw trialNotFoundError(options.trialId);
      checkTrialHeld(heldBy(trial), options.workerId);
      if (trial.state !== 'running') throw trialStateError(trial, 'finish', 'running');
      // null means "unknown", so it keeps what the last rung recorded instead of erasing it.
      this.sql(
        `UPDATE trials SET state = ?, objectives = COALESCE(?, objectives), metrics = COALESCE(?, metrics), error = ?, finished_at = ?,
           heartbeat_at = NULL
         WHERE id = ?`,
      ).run(
        options.state,
        toJson(options.objectives),
        toJson(options.metrics),
        options.error ?? null,
        Date.now(),
        options.trialId,
      );
      return this.readTrial(options.trialId)!;
    });
  }

  failStaleRunning(options: { studyId: number; reason: string; heartbeatBefore?: number }): number {
    return this.write(
      () =>
        this.sql(
          `UPDATE trials SET state = 'failed', error = ?, finished_at = ?, heartbeat_at = NULL
           WHERE study_id = ? AND state = 'running' AND (? IS NULL OR COALESCE(heartbeat_at, started_at) < ?)`,
        ).run(options.reason, Date.now(), options.studyId, ...Array(2).fill(options.heartbeatBefore ?? null)).changes,
    );
  }

  acquireLease(options: { studyId: number; name: string; holder: string; ttlMs: number }): boolean {
    return this.write(() => acquireSqliteLease((text) => this.sql(text), options));
  }

  releaseLease(options: { studyId: number; name: string; holder: string }): void {
    this.write(() => releaseSqliteLease((text) => this.sql(text), options));
  }

  cancelWaiting(options: { trialId: number }): boolean {
    // The state guard makes this safe against a worker claiming the trial at the same moment.
    return this.write(
      () => this.sql("DELETE FROM trials WHERE id = ? AND state = 'waiting'").run(options.trialId).changes === 1,
    );
  }

  getTrial(trialId: number): TrialRecord | undefined {
    return this.read(() => this.readTrial(trialId));
  }

  listTrials(options: { studyId: number; states?: TrialState[] }): TrialRecord[] {
    const { studyId, states } = options;
    if (states && states.length === 0) return [];
    return this.read(() => {
      const filter = states ? ` AND state IN (${states.map(() => '?').join(', ')})` : '';
      const rows = this.sql(`SELECT * FROM trials WHERE study_id = ?${filter} ORDER BY number`).all(
        studyId,
        ...(states ?? []),
      ) as TrialRow[];
      const rungRows = this.sql(
        'SELECT r.* FROM rungs r JOIN trials t ON t.id = r.trial_id WHERE t.study_id = ? ORDER BY r.trial_id, r.rung',
      ).all(studyId) as RungRow[];
      const rungsByTrial = rungsByTrialId(rungRows);
      return rows.map((row) => trialFromRow(row, rungsByTrial.get(row.id) ?? []));
    });
  }

  questionResults(options: { trialId: number; rung: number }): QuestionResult[] {
    const rows = this.read(
      () =>
        this.sql('SELECT * FROM question_results WHERE trial_id = ? AND rung = ? ORDER BY position').all(
          options.trialId,
          options.rung,
        ) as QuestionRow[],
    );
    return rows.map(questionFromRow);
  }

  getSpend(studyId: number): StudySpend {
    const row = this.read(() =>
      this.sql('SELECT spent_usd, cost_unknown, cap_usd FROM study_spend WHERE study_id = ?').get(studyId),
    ) as { spent_usd: number; cost_unknown: number; cap_usd: number | null } | undefined;
    return row
      ? { spentUsd: row.spent_usd, costUnknown: row.cost_unknown === 1, capUsd: row.cap_usd }
      : { spentUsd: 0, costUnknown: false, capUsd: null };
  }

  addSpend(options: { studyId: number; costUsd: number | null }): void {
    // One statement, so concurrent workers' calls add up instead of overwriting each other.
    this.write(() =>
      this.sql(
        `INSERT INTO study_spend (study_id, spent_usd, cost_unknown) VALUES (?, ?, ?)
         ON CONFLICT (study_id) DO UPDATE SET spent_usd = spent_usd + excluded.spent_usd, cost_unknown = MAX(cost_unknown, excluded.cost_unknown)`,
      ).run(options.studyId, options.costUsd ?? 0, options.costUsd === null ? 1 : 0),
    );
  }

  setSpendCap(options: { studyId: number; capUsd: number | null }): void {
    this.write(() =>
      this.sql(
        'INSERT INTO study_spend (study_id, cap_usd) VALUES (?, ?) ON CONFLICT (study_id) DO UPDATE SET cap_usd = excluded.cap_usd',
      ).run(options.studyId, options.capUsd),
    );
  }

  addSteering(options: {
    studyId: number;
    atTrial: number;
    action: Record<string, unknown>;
    message?: string;
  }): SteeringRecord {
    return this.write(() => {
      if (!this.sql('SELECT 1 FROM studies WHERE id = ?').get(options.studyId))
        throw studyNotFoundError(options.studyId);
      const row = this.sql(
        'INSERT INTO steering (study_id, at_trial, action, message, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
      ).get(
        options.studyId,
        options.atTrial,
        JSON.stringify(options.action),
        options.message ?? null,
        Date.now(),
      ) as SteeringRow;
      return steeringFromRow(row);
    });
  }

  listSteering(studyId: number): SteeringRecord[] {
    return this.read(
      () => this.sql('SELECT * FROM steering WHERE study_id = ? ORDER BY id').all(studyId) as SteeringRow[],
    ).map(steeringFromRow);
  }

  /** Closes the connection; the WAL is checkpointed into the main file when the last one closes. */
  close(): void {
    this.statements.clear();
    this.db.close();
  }

  /** Prepared statements are cached by their SQL text; preparing is the costly part of a query. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken before anything is read.
   * SQLite's busy handler already waits for a lock up to the busy timeout; a BUSY it returns
   * early (a snapshot conflict, recovery) is retried here until the same deadline. The file's
   * identity is checked before (nothing is written to a deleted file) and after (a deletion during
   * the write is caught at once).
   */
  private write<T>(fn: () => T): T {
    if (this.failure) throw this.failure;
    const deadline = Date.now() + this.busyTimeoutMs;
    try {
      this.identity?.check();
      for (;;) {
        try {
          const result = this.db.transaction(fn).immediate();
          this.identity?.check();
          return result;
        } catch (error) {
          if (!isLockContention(error) || Date.now() >= deadline) throw error;
          Atomics.wait(RETRY_PAUSE, 0, 0, RETRY_PAUSE_MS);
        }
      }
    } catch (error) {
      const failure = isStoreFailure(error)
        ? error
        : storeFailure({ error, path: this.path, busyTimeoutMs: this.busyTimeoutMs });
      if (!failure) throw error;
      // Latched: the other workers of this run stop at their next write instead of each waiting
      // out the busy timeout again or writing more into a file that is gone.
      this.failure = failure;
      throw failure;
    }
  }

  /** Runs `fn` in a deferred (read) transaction, i.e. on one snapshot of the file. */
  private read<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).deferred();
    } catch (error) {
      throw storeFailure({ error, path: this.path, busyTimeoutMs: this.busyTimeoutMs }) ?? error;
    }
  }

  private studyRow(name: string): StudyRow | undefined {
    return this.sql('SELECT * FROM studies WHERE name = ?').get(name) as StudyRow | undefined;
  }

  private trialRow(trialId: number): TrialRow | undefined {
    return this.sql('SELECT * FROM trials WHERE id = ?').get(trialId) as TrialRow | undefined;
  }

  private readTrial(trialId: number): TrialRecord | undefined {
    const row = this.trialRow(trialId);
    if (!row) return undefined;
    const rungs = (this.sql('SELECT * FROM rungs WHERE trial_id = ? ORDER BY rung').all(trialId) as RungRow[]).map(
      rungFromRow,
    );
    return trialFromRow(row, rungs);
  }
}
