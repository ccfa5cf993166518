import type Database from 'better-sqlite3';
import { optionRef, TuneRagError } from '../errors.js';
import { openSqliteDatabase } from '../sqlite/open-database.js';
import { migrateUserVersion } from '../sqlite/user-version-migrations.js';
import type { EvalJobResult } from './eval-result.js';
import type { MetricComparison } from './regression-decision.js';

/**
 * Eval history lives in its own file (default `.tune-rag/evals.db`), not in the study database:
 * the study store's migrations own that file's schema version, and nightly checks are often run
 * on a machine that never tunes. Migration i takes `user_version` i to i + 1; append, never edit.
 */
export const EVAL_HISTORY_SCHEMA_VERSION = 2;

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE eval_runs (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL,
    started_at INTEGER NOT NULL,                     -- epoch ms
    dataset_name TEXT NOT NULL,
    dataset_fingerprint TEXT NOT NULL,
    questions INTEGER NOT NULL,
    candidate_source TEXT NOT NULL,
    candidate_hash TEXT NOT NULL,
    baseline_source TEXT NOT NULL,
    baseline_hash TEXT NOT NULL,
    seed INTEGER NOT NULL,
    repeat INTEGER NOT NULL,
    regressed INTEGER NOT NULL,                      -- 0 / 1
    metrics TEXT NOT NULL,                           -- JSON array of metric comparisons
    versions TEXT NOT NULL,                          -- JSON: tune-rag, node and component versions
    result TEXT NOT NULL                             -- JSON: the whole job result
  );
  CREATE INDEX eval_runs_by_job ON eval_runs (job, started_at);
  `,
  // One row per `eval` invocation (a batch of jobs), so `eval --resume` can continue the last
  // unfinished run of the same jobs; each job row names its batch and a hash of its inputs.
  `
  CREATE TABLE eval_batches (
    id INTEGER PRIMARY KEY,
    inputs TEXT NOT NULL,                            -- hash of every job's inputs, in order
    started_at INTEGER NOT NULL,                     -- epoch ms
    finished_at INTEGER                              -- NULL until every job is stored
  );
  CREATE INDEX eval_batches_by_inputs ON eval_batches (inputs, id);
  ALTER TABLE eval_runs ADD COLUMN batch INTEGER REFERENCES eval_batches (id);
  ALTER TABLE eval_runs ADD COLUMN inputs TEXT;
  CREATE INDEX eval_runs_by_batch ON eval_runs (batch);
  `,
];

/** One stored eval run, as `eval --history` lists it. */
export interface EvalHistoryRecord {
  id: number;
  job: string;
  startedAt: number;
  datasetName: string;
  datasetFingerprint: string;
  questions: number;
  candidateSource: string;
  candidateHash: string;
  baselineHash: string;
  repeat: number;
  regressed: boolean;
  metrics: MetricComparison[];
  versions: Record<string, unknown>;
}

interface EvalRunRow {
  id: number;
  job: string;
  started_at: number;
  dataset_name: string;
  dataset_fingerprint: string;
  questions: number;
  candidate_source: string;
  candidate_hash: string;
  baseline_hash: string;
  repeat: number;
  regressed: number;
  metrics: string;
  versions: string;
}

/** Append-only store of eval runs; each `record` is one committed transaction. */
export class EvalHistoryStore {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    this.db = openHistoryDatabase(path);
  }

  /**
   * Stores one finished job (committed at once, so a kill afterwards loses nothing). `batch` and
   * `inputs` (see evalJobInputs) let `eval --resume` recognise it; both are optional for callers
   * that only keep history.
   */
  record(result: EvalJobResult, options: { batch?: number; inputs?: string } = {}): number {
    const versions = {
      ...result.versions,
      candidate: result.candidate.components,
      baseline: result.baseline.components,
    };
    const info = this.db
      .prepare(
        `INSERT INTO eval_runs (job, started_at, dataset_name, dataset_fingerprint, questions, candidate_source, candidate_hash, baseline_source, baseline_hash, seed, repeat, regressed, metrics, versions, result, batch, inputs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        result.name,
        result.startedAt,
        result.dataset.name,
        result.dataset.fingerprint,
        result.dataset.questions,
        result.candidate.source,
        result.candidate.configHash,
        result.baseline.source,
        result.baseline.configHash,
        result.seed,
        result.repeat,
        result.regressed ? 1 : 0,
        JSON.stringify(result.metrics),
        JSON.stringify(versions),
        JSON.stringify(result),
        options.batch ?? null,
        options.inputs ?? null,
      );
    return Number(info.lastInsertRowid);
  }

  /** Starts a batch (one `eval` invocation over jobs whose inputs hash to `inputs`); returns its id. */
  startBatch(inputs: string): number {
    return Number(
      this.db.prepare('INSERT INTO eval_batches (inputs, started_at) VALUES (?, ?)').run(inputs, Date.now())
        .lastInsertRowid,
    );
  }

  /** Marks a batch finished: every job of it is stored, so `--resume` starts afresh next time. */
  finishBatch(batch: number): void {
    this.db.prepare('UPDATE eval_batches SET finished_at = ? WHERE id = ?').run(Date.now(), batch);
  }

  /** The newest batch of the same jobs that never finished (killed or interrupted), or null. */
  unfinishedBatch(inputs: string): { id: number; startedAt: number } | null {
    const row = this.db
      .prepare(
        'SELECT id, started_at FROM eval_batches WHERE inputs = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1',
      )
      .get(inputs) as { id: number; started_at: number } | undefined;
    return row ? { id: row.id, startedAt: row.started_at } : null;
  }

  /** The newest batch of the same jobs, finished or not (to say why there is nothing to resume). */
  lastBatch(inputs: string): { id: number; finishedAt: number | null } | null {
    const row = this.db
      .prepare('SELECT id, finished_at FROM eval_batches WHERE inputs = ? ORDER BY id DESC LIMIT 1')
      .get(inputs) as { id: number; finished_at: number | null } | undefined;
    return row ? { id: row.id, finishedAt: row.finished_at } : null;
  }

  /** The jobs a batch stored, by their inputs hash (the newest if one was stored twice). */
  batchResults(batch: number): Map<string, EvalJobResult> {
    const rows = this.db
      .prepare('SELECT inputs, result FROM eval_runs WHERE batch = ? AND inputs IS NOT NULL ORDER BY id')
      .all(batch) as { inputs: string; result: string }[];
    return new Map(rows.map((row) => [row.inputs, JSON.parse(row.result) as EvalJobResult]));
  }

  /** Runs oldest first (a trend reads left to right), optionally of one job. */
  list(options: { job?: string } = {}): EvalHistoryRecord[] {
    const rows = (
      options.job === undefined
        ? this.db.prepare('SELECT * FROM eval_runs ORDER BY job, started_at, id').all()
        : this.db.prepare('SELECT * FROM eval_runs WHERE job = ? ORDER BY started_at, id').all(options.job)
    ) as EvalRunRow[];
    return rows.map((row) => ({
      id: row.id,
      job: row.job,
      startedAt: row.started_at,
      datasetName: row.dataset_name,
      datasetFingerprint: row.dataset_fingerprint,
      questions: row.questions,
      candidateSource: row.candidate_source,
      candidateHash: row.candidate_hash,
      baselineHash: row.baseline_hash,
      repeat: row.repeat,
      regressed: row.regressed === 1,
      metrics: JSON.parse(row.metrics) as MetricComparison[],
      versions: JSON.parse(row.versions) as Record<string, unknown>,
    }));
  }

  jobNames(): string[] {
    return (this.db.prepare('SELECT DISTINCT job FROM eval_runs ORDER BY job').all() as { job: string }[]).map(
      (r) => r.job,
    );
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The eval history file: WAL (a report may read while a nightly run writes), a 10 s busy timeout,
 * and the user_version migrations above. Every failure is a `TuneRagError('store')` naming the file.
 */
function openHistoryDatabase(path: string): Database.Database {
  return openSqliteDatabase({
    path,
    busyTimeoutMs: 10_000,
    createFolder: true,
    journalMode: 'WAL',
    migrate: (db) =>
      migrateUserVersion(db, {
        version: EVAL_HISTORY_SCHEMA_VERSION,
        migrations: MIGRATIONS,
        onNewer: (version) =>
          new TuneRagError(
            'store',
            `${path} was written by a newer tune-rag (eval history schema ${version}; this version reads up to ${EVAL_HISTORY_SCHEMA_VERSION})`,
            { hint: `Upgrade tune-rag, or pass ${optionRef('historyDb')} with another file.` },
          ),
        // Writing our table into someone else's database (e.g. the study store) would corrupt its migrations.
        onForeign: () =>
          new TuneRagError('store', `${path} is an SQLite database, but not tune-rag's eval history`, {
            hint: `Pass ${optionRef('historyDb')} with a new file name (the default is .tune-rag/evals.db).`,
          }),
      }),
    wrapError: (error) =>
      error instanceof TuneRagError
        ? error
        : new TuneRagError('store', `cannot open the eval history ${path}: ${(error as Error).message}`, {
            hint: `Check the file is writable and is an eval history written by tune-rag, or pass ${optionRef('historyDb')} FILE.`,
            cause: error,
          }),
  });
}
