import { TuneRagError } from '../errors.js';
import type { PostgresConnection } from './postgres-connection.js';

/**
 * PostgreSQL schema of the study store, as ordered migrations: the `schema_version` table holds
 * how many have run; migration i takes version i to i + 1. A release appends a migration and
 * never edits a published one. Column names and JSON-as-text columns match the SQLite store, so
 * both map rows to records with the same code (sqlite-rows.ts); JSON stays text (not jsonb) so a
 * config comes back byte for byte, key order included.
 */
export const POSTGRES_SCHEMA_VERSION = 1;

const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE studies (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    settings TEXT NOT NULL,
    -- A counter, not MAX(number) + 1: a cancelled waiting trial never hands its number on.
    next_trial_number INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE trials (
    id SERIAL PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed')),
    config TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    proposer TEXT NOT NULL,
    rationale TEXT NOT NULL,
    objectives TEXT,
    metrics TEXT,
    error TEXT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    worker_id TEXT,
    heartbeat_at BIGINT,
    UNIQUE (study_id, number)
  );
  CREATE INDEX trials_by_state ON trials (study_id, state, number);
  CREATE INDEX trials_by_hash ON trials (study_id, config_hash);
  CREATE TABLE rungs (
    trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
    rung INTEGER NOT NULL,
    questions INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    objectives TEXT NOT NULL,
    objective_se TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (trial_id, rung)
  );
  CREATE TABLE question_results (
    trial_id INTEGER NOT NULL,
    rung INTEGER NOT NULL,
    position INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    scores TEXT NOT NULL,
    answer TEXT,
    retrieved TEXT NOT NULL,
    latency_ms DOUBLE PRECISION NOT NULL,
    usage TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (trial_id, rung, position),
    FOREIGN KEY (trial_id, rung) REFERENCES rungs(trial_id, rung) ON DELETE CASCADE
  );
  CREATE TABLE steering (
    id SERIAL PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    at_trial INTEGER NOT NULL,
    action TEXT NOT NULL,
    message TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX steering_by_study ON steering (study_id, id);
  CREATE TABLE study_spend (
    study_id INTEGER PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
    spent_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    cost_unknown INTEGER NOT NULL DEFAULT 0,
    cap_usd DOUBLE PRECISION
  );
  CREATE TABLE leases (
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (study_id, name)
  );
  -- The store refuses these already; the triggers keep "finished trials never change" true for
  -- anything else that writes to the database (psql, scripts, an older tune-rag).
  CREATE FUNCTION refuse_finished_trial_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'finished trials are immutable'; END $$;
  CREATE TRIGGER finished_trials_are_immutable BEFORE UPDATE OR DELETE ON trials FOR EACH ROW
    WHEN (OLD.state IN ('complete', 'pruned', 'failed')) EXECUTE FUNCTION refuse_finished_trial_change();
  CREATE FUNCTION refuse_results_of_idle_trial() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF (SELECT state FROM trials WHERE id = NEW.trial_id) IS DISTINCT FROM 'running' THEN
      RAISE EXCEPTION 'results can only be recorded for running trials';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER rungs_only_for_running_trials BEFORE INSERT ON rungs FOR EACH ROW
    EXECUTE FUNCTION refuse_results_of_idle_trial();
  CREATE TRIGGER question_results_only_for_running_trials BEFORE INSERT ON question_results FOR EACH ROW
    EXECUTE FUNCTION refuse_results_of_idle_trial();
  `,
];

/** Any constant: the key of the advisory lock that serialises migrations of every tune-rag process. */
const MIGRATION_LOCK = 727_274_001;

/**
 * Brings the store's tables in `schema` to {@link POSTGRES_SCHEMA_VERSION}, in one transaction
 * under an advisory lock, so workers starting at once migrate once (the others wait, then find
 * nothing to do). Refuses a schema newer than this code, naming `location`. The session's
 * search_path must already name `schema`.
 */
export function migratePostgresSchema(db: PostgresConnection, options: { schema: string; location: string }): void {
  const schema = quoteIdentifier(options.schema);
  // The common case, a store already at this version, costs one read and takes no lock.
  if (schemaVersion(db, options.schema) === POSTGRES_SCHEMA_VERSION) return;
  db.query('BEGIN');
  try {
    db.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    db.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = db.query<{ version: number }>('SELECT version FROM schema_version').rows[0];
    const current = row?.version ?? 0;
    if (current > POSTGRES_SCHEMA_VERSION)
      throw new TuneRagError(
        'store',
        `the PostgreSQL study database ${options.location} (schema ${options.schema}) has store schema version ${current}, newer than this tune-rag reads (${POSTGRES_SCHEMA_VERSION})`,
        { hint: 'upgrade tune-rag on this machine: every worker of a study must run the same version' },
      );
    for (let version = current; version < POSTGRES_SCHEMA_VERSION; version++) db.query(POSTGRES_MIGRATIONS[version]);
    if (!row) db.query('INSERT INTO schema_version (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
    else if (current < POSTGRES_SCHEMA_VERSION)
      db.query('UPDATE schema_version SET version = $1', [POSTGRES_SCHEMA_VERSION]);
    db.query('COMMIT');
  } catch (error) {
    rollbackQuietly(db);
    throw error;
  }
}

/** A schema name as a quoted SQL identifier (it may come from the user). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Ends a failed transaction; when the connection is gone there is nothing to roll back, and the caller reports the first error. */
export function rollbackQuietly(db: PostgresConnection): void {
  try {
    db.query('ROLLBACK');
  } catch {
    // See above: the original error is the one worth reporting.
  }
}

/** The store schema version recorded in `schema`; 0 when it has no store tables yet. */
function schemaVersion(db: PostgresConnection, schema: string): number {
  const exists = db.query<{ found: boolean }>(
    "SELECT to_regclass(format('%I.schema_version', $1::text)) IS NOT NULL AS found",
    [schema],
  ).rows[0];
  if (!exists?.found) return 0;
  return db.query<{ version: number }>('SELECT version FROM schema_version').rows[0]?.version ?? 0;
}
