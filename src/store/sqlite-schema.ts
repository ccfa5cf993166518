/**
 * SQLite schema of the study store, as an ordered list of migrations. `PRAGMA user_version` holds
 * how many have been applied; migration i takes the database from version i to i + 1. A new
 * release appends a migration and never edits a published one, so every older file upgrades.
 */

/** Version a database has once every migration below has run. */
export const SCHEMA_VERSION = 4;

const FINISHED = "('complete', 'pruned', 'failed')";

/** One SQL script per schema version; index i upgrades version i to i + 1. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    settings TEXT NOT NULL,                          -- JSON object
    -- A counter rather than MAX(number) + 1: a cancelled (deleted) waiting trial must not hand
    -- its number to the next trial, since users refer to trials as "#12".
    next_trial_number INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE trials (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed')),
    config TEXT NOT NULL,                            -- JSON object
    config_hash TEXT NOT NULL,
    proposer TEXT NOT NULL,
    rationale TEXT NOT NULL,
    objectives TEXT,                                 -- JSON object or NULL
    metrics TEXT,                                    -- JSON object or NULL
    error TEXT,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    worker_id TEXT,
    UNIQUE (study_id, number)
  );
  -- claimWaiting and listTrials(states) read by study and state in number order.
  CREATE INDEX trials_by_state ON trials (study_id, state, number);
  CREATE INDEX trials_by_hash ON trials (study_id, config_hash);

  CREATE TABLE rungs (
    trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
    rung INTEGER NOT NULL,
    questions INTEGER NOT NULL,
    metrics TEXT NOT NULL,                           -- JSON object
    objectives TEXT NOT NULL,                        -- JSON object
    created_at INTEGER NOT NULL,
    PRIMARY KEY (trial_id, rung)
  );

  CREATE TABLE question_results (
    trial_id INTEGER NOT NULL,
    rung INTEGER NOT NULL,
    position INTEGER NOT NULL,                       -- order the study gave them in
    question_id TEXT NOT NULL,
    scores TEXT NOT NULL,                            -- JSON object
    answer TEXT,
    retrieved TEXT NOT NULL,                         -- JSON array of "docId:start-end"
    latency_ms REAL NOT NULL,
    usage TEXT NOT NULL,                             -- JSON object
    error TEXT,
    PRIMARY KEY (trial_id, rung, position),
    FOREIGN KEY (trial_id, rung) REFERENCES rungs(trial_id, rung) ON DELETE CASCADE
  );

  CREATE TABLE steering (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    at_trial INTEGER NOT NULL,
    action TEXT NOT NULL,                            -- JSON object
    message TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX steering_by_study ON steering (study_id, id);

  -- The store class already refuses these; the triggers keep the invariant "finished trials never
  -- change" true for anything else that writes to the file (scripts, sqlite3 shell, old versions).
  CREATE TRIGGER finished_trials_are_immutable BEFORE UPDATE ON trials
  WHEN OLD.state IN ${FINISHED}
  BEGIN SELECT RAISE(ABORT, 'finished trials are immutable'); END;

  CREATE TRIGGER finished_trials_are_not_deleted BEFORE DELETE ON trials
  WHEN OLD.state IN ${FINISHED}
  BEGIN SELECT RAISE(ABORT, 'finished trials are immutable'); END;

  CREATE TRIGGER rungs_only_for_running_trials BEFORE INSERT ON rungs
  WHEN (SELECT state FROM trials WHERE id = NEW.trial_id) IS NOT 'running'
  BEGIN SELECT RAISE(ABORT, 'rungs can only be recorded for running trials'); END;

  CREATE TRIGGER question_results_only_for_running_trials BEFORE INSERT ON question_results
  WHEN (SELECT state FROM trials WHERE id = NEW.trial_id) IS NOT 'running'
  BEGIN SELECT RAISE(ABORT, 'question results can only be recorded for running trials'); END;
  `,
  // 1 -> 2: the standard error of each objective beside the rung's objectives (NULL on older rows).
  `
  ALTER TABLE rungs ADD COLUMN objective_se TEXT;       -- JSON object or NULL
  `,
  // 2 -> 3: LLM money a study has spent across all its processes, and its --max-cost, so the cap
  // is the study's total and a resume continues from what earlier processes paid.
  `
  CREATE TABLE study_spend (
    study_id INTEGER PRIMARY KEY REFERENCES studies(id) ON DELETE CASCADE,
    spent_usd REAL NOT NULL DEFAULT 0,
    cost_unknown INTEGER NOT NULL DEFAULT 0,         -- 1 once a call of unknown price was made
    cap_usd REAL                                     -- NULL = no cap
  );
  `,
  // 3 -> 4: several workers on one study. A running trial's heartbeat (only trials whose heartbeat
  // is older than the grace period are recovered), and named leases such as "proposer" (one
  // worker proposes at a time). Trials running in an older file keep heartbeat_at NULL: their
  // started_at stands in for it.
  `
  ALTER TABLE trials ADD COLUMN heartbeat_at INTEGER;   -- ms epoch; NULL unless running
  CREATE TABLE leases (
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL,                     -- ms epoch
    PRIMARY KEY (study_id, name)
  );
  `,
];
