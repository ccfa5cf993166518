import Database from 'better-sqlite3';
import { TuneRagError, optionRef } from '../errors.js';

/**
 * A store read or write that failed for a reason outside the study (the file is locked, the disk
 * is full, the file is read-only, gone or damaged). It is not a result of the trial that was
 * running: the run stops at once, that trial is left `running` in the store, and `--resume`
 * re-queues it as interrupted (see `Study.recoverInterrupted`), so it uses no budget.
 */
export class StoreFailureError extends TuneRagError {
  /** The database file the failure is about. */
  readonly path: string;

  constructor(options: { path: string; message: string; hint: string; cause?: unknown }) {
    super('store', options.message, { hint: options.hint, cause: options.cause });
    this.name = 'StoreFailureError';
    this.path = options.path;
  }
}

export function isStoreFailure(error: unknown): error is StoreFailureError {
  return error instanceof StoreFailureError;
}

/** What to do after the cause is fixed; the same for every mid-run failure (SQLite or PostgreSQL). */
export const RESUME = `then run the same command with ${optionRef('resume')}: finished trials are kept, and the trial that was running is re-run without using budget`;

/** SQLite's primary result code (SQLITE_IOERR_WRITE → SQLITE_IOERR), or the errno code of a Node error. */
export function failureCode(error: unknown): string | undefined {
  if (error instanceof Database.SqliteError) return error.code.split('_').slice(0, 2).join('_');
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for the codes that mean "another connection holds the lock": worth waiting and retrying. */
export function isLockContention(error: unknown): boolean {
  const code = failureCode(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Maps an error from SQLite (or the file system) while using the study database at `path` to a
 * {@link StoreFailureError} that names the file and the fix; null when it is not a storage
 * failure (a bug or a rule violation, which the caller rethrows as it is). `busyTimeoutMs` is how
 * long the store waited for a lock, for the message.
 */
export function storeFailure(options: {
  error: unknown;
  path: string;
  busyTimeoutMs: number;
}): StoreFailureError | null {
  const { error, path } = options;
  if (error instanceof TuneRagError) return null;
  const reason = error instanceof Error ? error.message : String(error);
  const make = (message: string, hint: string) => new StoreFailureError({ path, message, hint, cause: error });
  switch (failureCode(error)) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return make(
        `the study database ${path} stayed locked by another process for ${formatSeconds(options.busyTimeoutMs)} (${reason}); the run stopped`,
        `let the other process (another tune-rag, an sqlite3 shell, a backup) finish or stop it, ${RESUME}. To wait longer set TUNE_RAG_BUSY_TIMEOUT_MS (milliseconds)`,
      );
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return make(
        `the disk holding the study database ${path} is full (${reason}); the run stopped`,
        `free space on that disk (or move the database with ${optionRef('storage')}), ${RESUME}`,
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'EACCES':
    case 'EROFS':
      return make(
        `the study database ${path} cannot be written (${reason}); the run stopped`,
        `make the file and its folder writable (or use another ${optionRef('storage')}), ${RESUME}`,
      );
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_IOERR':
    case 'ENOENT':
      return make(
        `the study database ${path} could not be read or written (${reason}); the run stopped`,
        `check that the file and its folder still exist and the disk works, ${RESUME}`,
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return damagedDatabaseError({ path, detail: reason, cause: error });
    default:
      return null;
  }
}

/** The database file fails SQLite's checks: how to get past it without losing what is readable. */
export function damagedDatabaseError(options: { path: string; detail: string; cause?: unknown }): StoreFailureError {
  const { path } = options;
  return new StoreFailureError({
    path,
    // quick_check reports one problem per line; one line keeps the message readable.
    message: `the study database ${path} is damaged (${options.detail.replace(/\s+/g, ' ').trim()})`,
    hint:
      `move it aside (mv "${path}" "${path}.damaged") and run again to start a fresh store, or use another ${optionRef('storage')}; ` +
      `to export what is still readable as SQL: sqlite3 "${path}.damaged" .dump > "${path}.sql"`,
    cause: options.cause,
  });
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
