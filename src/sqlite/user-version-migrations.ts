import type Database from 'better-sqlite3';

/**
 * Migrates a file whose schema version is `PRAGMA user_version`: migration i takes version i to
 * i + 1, so a release appends migrations and never edits a published one. For the files
 * tune-rag owns outright (study store, eval history); caches that may share a file use
 * `CREATE TABLE IF NOT EXISTS` instead, since a file has only one user_version.
 *
 * Errors are the caller's: `onNewer(version)` when the file is newer than this code reads, and
 * `onForeign()` when a version-0 file already has tables (someone else's database: writing our
 * tables into it would corrupt its own migrations).
 */
export function migrateUserVersion(
  db: Database.Database,
  options: {
    version: number;
    migrations: readonly string[];
    onNewer: (version: number) => Error;
    onForeign: () => Error;
  },
): void {
  const { version: target, migrations } = options;
  const seen = userVersion(db);
  if (seen > target) throw options.onNewer(seen);
  if (seen === target) return;
  // IMMEDIATE so that two processes opening a fresh file at once serialise here; the second one
  // re-reads the version inside the lock and finds nothing left to do.
  db.transaction(() => {
    const current = userVersion(db);
    if (current > target) throw options.onNewer(current);
    if (current === 0) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n > 0) throw options.onForeign();
    }
    for (let version = current; version < target; version++) db.exec(migrations[version]);
    // PRAGMA takes no bound parameters; the target is the caller's own integer constant.
    db.pragma(`user_version = ${Math.trunc(target)}`);
  }).immediate();
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
