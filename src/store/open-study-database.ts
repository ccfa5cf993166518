import Database from 'better-sqlite3';
import { optionRef, TuneRagError } from '../errors.js';
import { openSqliteDatabase } from '../sqlite/open-database.js';
import { migrateUserVersion } from '../sqlite/user-version-migrations.js';
import { MIGRATIONS, SCHEMA_VERSION } from './sqlite-schema.js';
import { damagedDatabaseError } from './store-failure.js';

/**
 * Open (creating if needed) the SQLite file of a study store, configured for several worker
 * processes and migrated to {@link SCHEMA_VERSION}. Every failure is a `TuneRagError('store')`
 * naming the path and what to do.
 *
 * Durability: WAL journal with `synchronous = FULL`. The requirement is that a finished trial
 * survives `kill -9` of the worker; WAL with NORMAL would already give that (a commit is in the
 * WAL file, i.e. in the OS page cache, before the call returns, and the OS writes it out after the
 * process dies). FULL adds an fsync of the WAL per commit, so the trial also survives power loss
 * or an OS crash, matching the store's promise "durable when the call returns". The price is one
 * fsync per write transaction; the store writes a handful per trial (enqueue, claim, one per
 * rung, finish), never one per question, so it is invisible next to evaluating a trial.
 *
 * Integrity: an existing file is checked with `PRAGMA quick_check` before it is used, so a
 * damaged file stops at open with a way out instead of failing trials later. Its cost is linear
 * in the file's size, about 10 ms of CPU per MB (measured: a 13.7 MB store of 300 trials x 186
 * questions took 110-170 ms of CPU); a 30-trial study is about 1.5 MB. `busyTimeoutMs`: how long to wait for another
 * process's lock (see `busyTimeoutMs()` in busy-timeout.ts).
 */
export function openStudyDatabase(options: { path: string; busyTimeoutMs: number }): Database.Database {
  const { path, busyTimeoutMs } = options;
  return openSqliteDatabase({
    path,
    busyTimeoutMs,
    createFolder: true,
    // WAL lets readers (reports, other workers) proceed while one worker writes.
    journalMode: 'WAL',
    synchronous: 'FULL',
    foreignKeys: true,
    onCorrupt: (problems) => damagedDatabaseError({ path, detail: `quick_check: ${problems.join('; ')}` }),
    migrate: (db) =>
      migrateUserVersion(db, {
        version: SCHEMA_VERSION,
        migrations: MIGRATIONS,
        onNewer: (version) => newerSchemaError(path, version),
        onForeign: () =>
          new TuneRagError('store', `${path} is an SQLite database, but not one written by tune-rag`, {
            hint: `point ${optionRef('storage')} at a new file instead of reusing an unrelated database`,
          }),
      }),
    wrapError: (error, step) =>
      step === 'folder'
        ? new TuneRagError(
            'store',
            `cannot create the folder of the study database ${path}: ${(error as Error).message}`,
            {
              hint: `choose a writable location for the store (${optionRef('storage')}) or fix the folder permissions`,
              cause: error,
            },
          )
        : toStoreError(error, path, busyTimeoutMs),
  });
}

function newerSchemaError(path: string, version: number): TuneRagError {
  return new TuneRagError(
    'store',
    `${path} was written by a newer tune-rag (schema version ${version}; this version reads up to ${SCHEMA_VERSION})`,
    {
      hint: `upgrade tune-rag, or use another ${optionRef('storage')} for this version`,
    },
  );
}

/** Map better-sqlite3's errors at open time to messages that say which file and what to do. */
function toStoreError(error: unknown, path: string, busyTimeoutMs: number): TuneRagError {
  if (error instanceof TuneRagError) return error;
  // Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, ...) map like their primary code.
  const code = error instanceof Database.SqliteError ? error.code.split('_').slice(0, 2).join('_') : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SQLITE_NOTADB':
      return new TuneRagError('store', `${path} is not an SQLite database (${reason})`, {
        hint: `move the file away (mv "${path}" "${path}.bak") or point ${optionRef('storage')} at another file; tune-rag will create a fresh store`,
        cause: error,
      });
    case 'SQLITE_CORRUPT':
      return damagedDatabaseError({ path, detail: reason, cause: error });
    case 'SQLITE_FULL':
      return new TuneRagError('store', `cannot open the study database ${path}: the disk is full (${reason})`, {
        hint: `free space on that disk, or choose a folder on another disk with ${optionRef('storage')}`,
        cause: error,
      });
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_IOERR':
      return new TuneRagError('store', `cannot open the study database ${path} for writing (${reason})`, {
        hint: `check that the file and its folder exist and are writable, or choose another ${optionRef('storage')}`,
        cause: error,
      });
    case 'SQLITE_BUSY':
      return new TuneRagError(
        'store',
        `the study database ${path} stayed locked by another process for ${busyTimeoutMs / 1000} s`,
        {
          hint: 'wait for the other process (another tune-rag, an sqlite3 shell, a backup) to finish, or stop it; TUNE_RAG_BUSY_TIMEOUT_MS (milliseconds) sets how long to wait',
          cause: error,
        },
      );
    default:
      return new TuneRagError('store', `cannot open the study database ${path}: ${reason}`, {
        hint: 'if the file is damaged, move it away and tune-rag will create a fresh store',
        cause: error,
      });
  }
}
