import { PostgresSession } from './postgres-session.js';
import {
  heldBy,
  questionFromRow,
  questionRowValues,
  rungFromRow,
  rungsByTrialId,
  steeringFromRow,
  studyFromRow,
  toJson,
  trialFromRow,
  type QuestionRow,
  type RungRow,
  type SteeringRow,
  type StudyRow,
  type TrialRow,
} from './sqlite-rows.js';
import {
  checkTrialHeld,
  duplicateRungError,
  duplicateStudyError,
  studyNotFoundError,
  trialNotFoundError,
  trialStateError,
} from './store-errors.js';
import type { FinishTrialOptions, SteeringRecord, StudyRecord, StudySpend, StudyStore } from './study-store.js';
import type { QuestionResult, RungResult, TrialRecord, TrialState } from './trial.js';
import type { Config } from '../space/parameter-schema.js';

/** Options of {@link PostgresStudyStore}. */
export interface PostgresStudyStoreOptions {
  /** `postgresql://user:password@host:port/database` (any libpq-style URL the `pg` driver takes). */
  url: string;
  /**
   * The PostgreSQL schema holding the store's tables (created when missing); default the session's
   * current schema (`public`, or the URL's `options=-c search_path=NAME`).
   */
  schema?: string;
  /** How long a statement waits for a row lock, and the connect timeout; default `TUNE_RAG_BUSY_TIMEOUT_MS` (30 s). */
  busyTimeoutMs?: number;
}

/**
 * The {@link StudyStore} for workers on several machines: one PostgreSQL database. Same
 * semantics as the SQLite store (both pass the contract suite). Each multi-statement write is
 * one transaction that first locks the row it checks (`SELECT ... FOR UPDATE`), so the check and
 * the change cannot interleave with another worker's; `claimWaiting` is one statement whose
 * sub-select takes the oldest waiting trial `FOR UPDATE SKIP LOCKED`, so concurrent workers each
 * get a different trial without waiting on each other. Finished trials are immutable in SQL too
 * (every update says `state = 'running'`, and triggers refuse anything else). Durable on return:
 * the session runs with `synchronous_commit = on`.
 *
 * The URL's password is never shown: messages and {@link location} carry the URL with `***`.
 * Construction connects and migrates, and throws `TuneRagError('store')` naming the URL and the
 * fix when that fails; a connection lost later throws a `StoreFailureError` (the run stops, and
 * `--resume` re-runs the interrupted trial).
 */
export class PostgresStudyStore implements StudyStore {
  /** The URL without its password, for messages. */
  readonly location: string;
  private readonly db: PostgresSession;

  constructor(options: PostgresStudyStoreOptions) {
    this.db = new PostgresSession(options);
    this.location = this.db.location;
  }

  createStudy(options: { name: string; settings: Record<string, unknown> }): StudyRecord {
    const row = this.db.one<StudyRow>(
      `INSERT INTO studies (name, created_at, settings) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING *`,
      [options.name, Date.now(), JSON.stringify(options.settings)],
    );
    if (!row) throw duplicateStudyError(options.name);
    return studyFromRow(row);
  }

  getStudy(name: string): StudyRecord | undefined {
    const row = this.db.one<StudyRow>('SELECT * FROM studies WHERE name = $1', [name]);
    return row && studyFromRow(row);
  }

  listStudies(): StudyRecord[] {
    return this.db.rows<StudyRow>('SELECT * FROM studies ORDER BY id', []).map(studyFromRow);
  }

  updateStudySettings(studyId: number, settings: Record<string, unknown>): void {
    const changed = this.db.run('UPDATE studies SET settings = $1 WHERE id = $2', [JSON.stringify(settings), studyId]);
    if (changed === 0) throw studyNotFoundError(studyId);
  }

  enqueueTrial(options: {
    studyId: number;
    config: Config;
    configHash: string;
    proposer: string;
    rationale: string;
  }): TrialRecord {
    // One statement: the counter's row lock orders concurrent enqueues, and a missing study inserts nothing.
    const row = this.db.one<TrialRow>(
      `WITH counter AS (
         UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE id = $1 RETURNING next_trial_number - 1 AS number
       )
       INSERT INTO trials (study_id, number, state, config, config_hash, proposer, rationale, created_at)
       SELECT $1, number, 'waiting', $2, $3, $4, $5, $6 FROM counter RETURNING *`,
      [
        options.studyId,
        JSON.stringify(options.config),
        options.configHash,
        options.proposer,
        options.rationale,
        Date.now(),
      ],
    );
    if (!row) throw studyNotFoundError(options.studyId);
    return trialFromRow(row, []);
  }

  claimWaiting(options: { studyId: number; workerId: string }): TrialRecord | undefined {
    // SKIP LOCKED: a trial another worker is claiming right now is passed over, not waited for.
    const row = this.db.one<TrialRow>(
      `UPDATE trials SET state = 'running', worker_id = $1, started_at = $2, heartbeat_at = $2
       WHERE id = (SELECT id FROM trials WHERE study_id = $3 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
         AND state = 'waiting'
       RETURNING *`,
      [options.workerId, Date.now(), options.studyId],
    );
    return row && trialFromRow(row, []);
  }

  heartbeat(options: { trialId: number; workerId: string }): boolean {
    return (
      this.db.run("UPDATE trials SET heartbeat_at = $1 WHERE id = $2 AND state = 'running' AND worker_id = $3", [
        Date.now(),
        options.trialId,
        options.workerId,
      ]) === 1
    );
  }

  recordRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[]; workerId?: string }): void {
    const { trialId, rung } = options;
    this.db.transaction(() => {
      const trial = this.lockTrial(trialId);
      checkTrialHeld(heldBy(trial), options.workerId);
      if (trial.state !== 'running') throw trialStateError(trial, 'record a rung for', 'running');
      const inserted = this.db.run(
        `INSERT INTO rungs (trial_id, rung, questions, metrics, objectives, objective_se, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
          trialId,
          rung.rung,
          rung.questions,
          JSON.stringify(rung.metrics),
          JSON.stringify(rung.objectives),
          toJson(rung.objectiveSe),
          Date.now(),
        ],
      );
      if (inserted === 0) throw duplicateRungError(trial, rung.rung);
      if (options.questions.length > 0) this.insertQuestions(trialId, rung.rung, options.questions);
      // The highest rung reached sets the trial's objectives; a lower one recorded late does not.
      this.db.run(
        `UPDATE trials SET objectives = $1, metrics = $2
         WHERE id = $3 AND state = 'running' AND NOT EXISTS (SELECT 1 FROM rungs WHERE trial_id = $3 AND rung > $4)`,
        [JSON.stringify(rung.objectives), JSON.stringify(rung.metrics), trialId, rung.rung],
      );
    });
  }

  finishTrial(options: FinishTrialOptions): TrialRecord {
    return this.db.transaction(() => {
      const trial = this.lockTrial(options.trialId);
      checkTrialHeld(heldBy(trial), options.workerId);
      if (trial.state !== 'running') throw trialStateError(trial, 'finish', 'running');
      // null means "unknown": COALESCE keeps what the last rung recorded.
      const row = this.db.one<TrialRow>(
        `UPDATE trials SET state = $1, objectives = COALESCE($2, objectives), metrics = COALESCE($3, metrics),
           error = $4, finished_at = $5, heartbeat_at = NULL
         WHERE id = $6 AND state = 'running' RETURNING *`,
        [
          options.state,
          toJson(options.objectives),
          toJson(options.metrics),
          options.error ?? null,
          Date.now(),
          options.trialId,
        ],
      )!;
      return trialFromRow(row, this.trialRungs(options.trialId));
    });
  }

  failStaleRunning(options: { studyId: number; reason: string; heartbeatBefore?: number }): number {
    return this.db.run(
      `UPDATE trials SET state = 'failed', error = $1, finished_at = $2, heartbeat_at = NULL
       WHERE study_id = $3 AND state = 'running' AND ($4::bigint IS NULL OR COALESCE(heartbeat_at, started_at) < $4::bigint)`,
      [options.reason, Date.now(), options.studyId, options.heartbeatBefore ?? null],
    );
  }

  acquireLease(options: { studyId: number; name: string; holder: string; ttlMs: number }): boolean {
    const now = Date.now();
    return this.db.transaction(() => {
      if (!this.db.one('SELECT 1 FROM studies WHERE id = $1', [options.studyId]))
        throw studyNotFoundError(options.studyId);
      // The upsert only overwrites a lease that is the holder's own or expired.
      return (
        this.db.run(
          `INSERT INTO leases (study_id, name, holder, expires_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (study_id, name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
           WHERE leases.holder = excluded.holder OR leases.expires_at <= $5`,
          [options.studyId, options.name, options.holder, now + options.ttlMs, now],
        ) === 1
      );
    });
  }

  releaseLease(options: { studyId: number; name: string; holder: string }): void {
    this.db.run('DELETE FROM leases WHERE study_id = $1 AND name = $2 AND holder = $3', [
      options.studyId,
      options.name,
      options.holder,
    ]);
  }

  cancelWaiting(options: { trialId: number }): boolean {
    // The state guard makes this safe against a worker claiming the trial at the same moment.
    return this.db.run("DELETE FROM trials WHERE id = $1 AND state = 'waiting'", [options.trialId]) === 1;
  }

  getTrial(trialId: number): TrialRecord | undefined {
    // One statement, one snapshot: the trial and its rungs as of the same moment.
    const row = this.db.one<TrialRow & { rung_rows: RungRow[] | null }>(
      `SELECT t.*, (SELECT json_agg(r ORDER BY r.rung) FROM rungs r WHERE r.trial_id = t.id) AS rung_rows
       FROM trials t WHERE t.id = $1`,
      [trialId],
    );
    return row && trialFromRow(row, (row.rung_rows ?? []).map(rungFromRow));
  }

  listTrials(options: { studyId: number; states?: TrialState[] }): TrialRecord[] {
    const { studyId, states } = options;
    if (states && states.length === 0) return [];
    return this.db.transaction(() => {
      const rows = this.db.rows<TrialRow>(
        'SELECT * FROM trials WHERE study_id = $1 AND ($2::text[] IS NULL OR state = ANY($2::text[])) ORDER BY number',
        [studyId, states ?? null],
      );
      const rungRows = this.db.rows<RungRow>(
        'SELECT r.* FROM rungs r JOIN trials t ON t.id = r.trial_id WHERE t.study_id = $1 ORDER BY r.trial_id, r.rung',
        [studyId],
      );
      const rungs = rungsByTrialId(rungRows);
      return rows.map((row) => trialFromRow(row, rungs.get(row.id) ?? []));
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  questionResults(options: { trialId: number; rung: number }): QuestionResult[] {
    return this.db
      .rows<QuestionRow>('SELECT * FROM question_results WHERE trial_id = $1 AND rung = $2 ORDER BY position', [
        options.trialId,
        options.rung,
      ])
      .map(questionFromRow);
  }

  getSpend(studyId: number): StudySpend {
    const row = this.db.one<{ spent_usd: number; cost_unknown: number; cap_usd: number | null }>(
      'SELECT spent_usd, cost_unknown, cap_usd FROM study_spend WHERE study_id = $1',
      [studyId],
    );
    return row
      ? { spentUsd: row.spent_usd, costUnknown: row.cost_unknown === 1, capUsd: row.cap_usd }
      : { spentUsd: 0, costUnknown: false, capUsd: null };
  }

  addSpend(options: { studyId: number; costUsd: number | null }): void {
    // One statement, so concurrent workers' calls add up instead of overwriting each other.
    this.db.run(
      `INSERT INTO study_spend (study_id, spent_usd, cost_unknown) VALUES ($1, $2, $3)
       ON CONFLICT (study_id) DO UPDATE SET spent_usd = study_spend.spent_usd + excluded.spent_usd,
         cost_unknown = GREATEST(study_spend.cost_unknown, excluded.cost_unknown)`,
      [options.studyId, options.costUsd ?? 0, options.costUsd === null ? 1 : 0],
    );
  }

  setSpendCap(options: { studyId: number; capUsd: number | null }): void {
    this.db.run(
      'INSERT INTO study_spend (study_id, cap_usd) VALUES ($1, $2) ON CONFLICT (study_id) DO UPDATE SET cap_usd = excluded.cap_usd',
      [options.studyId, options.capUsd],
    );
  }

  addSteering(options: {
    studyId: number;
    atTrial: number;
    action: Record<string, unknown>;
    message?: string;
  }): SteeringRecord {
    const row = this.db.one<SteeringRow>(
      `INSERT INTO steering (study_id, at_trial, action, message, created_at)
       SELECT id, $2, $3, $4, $5 FROM studies WHERE id = $1 RETURNING *`,
      [options.studyId, options.atTrial, JSON.stringify(options.action), options.message ?? null, Date.now()],
    );
    if (!row) throw studyNotFoundError(options.studyId);
    return steeringFromRow(row);
  }

  listSteering(studyId: number): SteeringRecord[] {
    return this.db
      .rows<SteeringRow>('SELECT * FROM steering WHERE study_id = $1 ORDER BY id', [studyId])
      .map(steeringFromRow);
  }

  /** Ends the session and its worker thread. */
  close(): void {
    this.db.close();
  }

  /** All question rows of a rung in one statement (one round trip, however many questions). */
  private insertQuestions(trialId: number, rung: number, questions: QuestionResult[]): void {
    const columns = questions.map((question, position) => questionRowValues({ trialId, rung, position, question }));
    const column = (i: number) => columns.map((values) => values[i]);
    this.db.run(
      `INSERT INTO question_results (trial_id, rung, position, question_id, scores, answer, retrieved, latency_ms, usage, error)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[], $10::text[])`,
      Array.from({ length: 10 }, (_, i) => column(i)),
    );
  }

  /** The trial's row, locked until the transaction ends; throws when there is none. */
  private lockTrial(trialId: number): TrialRow {
    const trial = this.db.one<TrialRow>('SELECT * FROM trials WHERE id = $1 FOR UPDATE', [trialId]);
    if (!trial) throw trialNotFoundError(trialId);
    return trial;
  }

  private trialRungs(trialId: number): RungResult[] {
    return this.db.rows<RungRow>('SELECT * FROM rungs WHERE trial_id = $1 ORDER BY rung', [trialId]).map(rungFromRow);
  }
}
