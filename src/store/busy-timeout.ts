import { TuneRagError } from '../errors.js';

/**
 * How long a connection waits for another process's write lock before the run stops: 30 s by
 * default. Write transactions are short (one trial row, or one rung with its questions), so a
 * wait of seconds means heavy contention or a foreign lock (an sqlite3 shell, a backup); 30 s
 * rides out the first, and a lock held longer than that stops the run with a message instead of
 * failing a trial (the trial is re-run on --resume). `TUNE_RAG_BUSY_TIMEOUT_MS` overrides it (a
 * slow network disk; tests use a short one).
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

export const BUSY_TIMEOUT_ENV = 'TUNE_RAG_BUSY_TIMEOUT_MS';

/** The busy timeout in milliseconds: the environment variable when set, else the default. */
export function busyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[BUSY_TIMEOUT_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_BUSY_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 3_600_000) {
    throw new TuneRagError(
      'config',
      `${BUSY_TIMEOUT_ENV}=${raw}: expected a whole number of milliseconds between 0 and 3600000`,
      {
        hint: `unset ${BUSY_TIMEOUT_ENV} to wait the default ${DEFAULT_BUSY_TIMEOUT_MS / 1000} s, or set e.g. ${BUSY_TIMEOUT_ENV}=60000`,
      },
    );
  }
  return value;
}
