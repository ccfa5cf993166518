import type { QuestionResult, RungResult, TrialRecord, TrialState } from './trial.js';
import type { Config } from '../space/parameter-schema.js';
import { SqliteStoreConnection } from './sqlite-store-connection.js';
import {
  questionFromRow,
  rungFromRow,
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
import type { SteeringRecord, StudyRecord, StudySpend, StudyStore, FinishTrialOptions } from './study-store.js';

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
export class SqliteStudyStore extends SqliteStoreConnection implements StudyStore {
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
      const row = this.sql(
        `UPDATE trials SET state = 'running', worker_id = @workerId, started_at = @now, heartbeat_at = @now
         WHERE id = (SELECT id FROM trials WHERE study_id = @studyId AND state = 'waiting' ORDER BY number LIMIT 1)
           AND state = 'waiting'
         RETURNING *`,
      ).get({ workerId: options.workerId, now: Date.now(), studyId: options.studyId }) as TrialRow | undefined;
      return row && trialFromRow(row, []);
    });
  }

  heartbeat(options: { trialId: number; workerId: string }): boolean {
    // One guarded UPDATE: a trial recovered as stale (or finished) meanwhile is left alone.
    return this.write(
      () =>
        this.sql("UPDATE trials SET heartbeat_at = ? WHERE id = ? AND state = 'running' AND worker_id = ?").run(
          Date.now(),
          options.trialId,
          options.workerId,
        ).changes === 1,
    );
  }

  recordRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[]; workerId?: string }): void {
    const { trialId, rung } = options;
    this.write(() => {
      const trial = this.trialRow(trialId);
      if (!trial) throw trialNotFoundError(trialId);
      checkTrialHeld({ ...trial, workerId: trial.worker_id }, options.workerId);
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
        insert.run(
          trialId,
          rung.rung,
          position,
          q.questionId,
          JSON.stringify(q.scores),
          q.answer,
          JSON.stringify(q.retrieved),
          q.latencyMs,
          JSON.stringify(q.usage),
          q.error ?? null,
        );
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
      checkTrialHeld({ ...trial, workerId: trial.worker_id }, options.workerId);
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
    // Trials claimed before heartbeats existed have none: their start time stands in for it.
    return this.write(
      () =>
        this.sql(
          `UPDATE trials SET state = 'failed', error = ?, finished_at = ?, heartbeat_at = NULL
           WHERE study_id = ? AND state = 'running' AND COALESCE(heartbeat_at, started_at, 0) < ?`,
        ).run(options.reason, Date.now(), options.studyId, options.heartbeatBefore ?? Number.MAX_SAFE_INTEGER).changes,
    );
  }

  acquireLease(options: { studyId: number; name: string; holder: string; ttlMs: number }): boolean {
    // One upsert whose guard is the lease rule (free, expired, or ours): the write lock of the
    // transaction makes it atomic across processes.
    return this.write(() => {
      const now = Date.now();
      const row = this.sql(
        `INSERT INTO leases (study_id, name, holder, expires_at) VALUES (@studyId, @name, @holder, @expiresAt)
         ON CONFLICT (study_id, name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= @now
         RETURNING holder`,
      ).get({
        studyId: options.studyId,
        name: options.name,
        holder: options.holder,
        expiresAt: now + options.ttlMs,
        now,
      }) as { holder: string } | undefined;
      return row?.holder === options.holder;
    });
  }

  releaseLease(options: { studyId: number; name: string; holder: string }): void {
    this.write(() =>
      this.sql('DELETE FROM leases WHERE study_id = ? AND name = ? AND holder = ?').run(
        options.studyId,
        options.name,
        options.holder,
      ),
    );
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
      const rungsByTrial = new Map<number, RungResult[]>();
      for (const rungRow of rungRows) {
        const list = rungsByTrial.get(rungRow.trial_id) ?? [];
        list.push(rungFromRow(rungRow));
        rungsByTrial.set(rungRow.trial_id, list);
      }
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
