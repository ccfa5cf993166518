import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Which step of opening failed: creating the file's folder, or opening, checking and migrating it. */
export type OpenStep = 'folder' | 'open';

/** How {@link openSqliteDatabase} opens one SQLite file; each store states its own durability and checks. */
export interface OpenSqliteOptions {
  /** The file; `:memory:` (or '') opens a private in-memory database, with no folder and no check. */
  path: string;
  /** How long to wait for another connection's lock (ms); better-sqlite3's 5 s when absent. */
  busyTimeoutMs?: number;
  /** WAL for files that are read while another process writes; absent keeps SQLite's rollback journal. */
  journalMode?: 'WAL';
  /** FULL adds an fsync per commit (survives power loss); NORMAL survives a killed process. Absent: SQLite's default. */
  synchronous?: 'FULL' | 'NORMAL';
  foreignKeys?: boolean;
  /** Creates the file's folder first (a failure is reported as step 'folder'). */
  createFolder?: boolean;
  /**
   * When given, an existing file is checked with `PRAGMA quick_check` before use, and this builds
   * the error for the problems it lists (up to 5), so a damaged file stops at open instead of
   * failing later writes.
   */
  onCorrupt?: (problems: string[]) => Error;
  /** Brings the schema up to date (see migrateUserVersion); runs after the pragmas and the check. */
  migrate?: (db: Database.Database) => void;
  /**
   * The caller's error for any failure while opening; the connection is closed first. Errors the
   * caller raised itself (from `onCorrupt` or `migrate`) come through here too, to pass on as they are.
   */
  wrapError: (error: unknown, step: OpenStep) => Error;
}

/** True for the paths better-sqlite3 opens as an in-memory database. */
export function isInMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

/**
 * Opens (creating if needed) one SQLite file the way its store asks: folder, busy timeout,
 * journal and sync pragmas, integrity check, migrations, all in one place so every store that
 * tune-rag keeps on disk opens, checks and fails the same way, with the store's own words.
 */
export function openSqliteDatabase(options: OpenSqliteOptions): Database.Database {
  const { path } = options;
  const inMemory = isInMemoryPath(path);
  if (options.createFolder && !inMemory) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw options.wrapError(error, 'folder');
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, options.busyTimeoutMs === undefined ? {} : { timeout: options.busyTimeoutMs });
    if (options.journalMode) db.pragma(`journal_mode = ${options.journalMode}`);
    if (options.synchronous) db.pragma(`synchronous = ${options.synchronous}`);
    if (options.foreignKeys !== undefined) db.pragma(`foreign_keys = ${options.foreignKeys ? 'ON' : 'OFF'}`);
    if (options.onCorrupt && !inMemory) quickCheck(db, options.onCorrupt);
    options.migrate?.(db);
    return db;
  } catch (error) {
    db?.close();
    throw options.wrapError(error, 'open');
  }
}

function quickCheck(db: Database.Database, onCorrupt: (problems: string[]) => Error): void {
  const problems = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>)
    .map((row) => row.quick_check)
    .filter((line) => line !== 'ok');
  if (problems.length > 0) throw onCorrupt(problems);
}
