import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { optionRef, TuneRagError } from '../errors.js';
import { PostgresStudyStore } from './postgres-study-store.js';
import { isPostgresUrl, redactPostgresUrl } from './postgres-url.js';
import { SqliteStudyStore } from './sqlite-study-store.js';
import type { StudyStore } from './study-store.js';

/** The environment variable naming the study storage when `--db` / `storage` is not given. */
export const STORAGE_ENV = 'TUNE_RAG_STORAGE';

/**
 * Where a study lives: `storage` (the flag or option), else `TUNE_RAG_STORAGE`, else the
 * workspace's `tune-rag.db`. A path is resolved against `cwd`; a URL (`scheme://...`) is kept
 * as it is. The result is what {@link openStudyStorage} opens, and what worker processes are
 * given so that they open the very same study (it may hold a password: never print it, print
 * {@link describeStudyStorage} instead).
 */
export function resolveStudyStorage(options: { storage?: string; cwd: string; workspaceDir: string }): string {
  const given = options.storage ?? (process.env[STORAGE_ENV] || undefined);
  if (given === undefined) return join(options.workspaceDir, 'tune-rag.db');
  return isStorageUrl(given) ? given : resolve(options.cwd, given);
}

/** True for `postgresql://...` and other URLs; false for file paths (SQLite). */
export function isStorageUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/** The storage as it may be shown: a path as it is, a URL without its password. */
export function describeStudyStorage(location: string): string {
  return isStorageUrl(location) ? redactPostgresUrl(location) : location;
}

/**
 * Whether there is a study database to read at `location`: a SQLite file must exist (reading
 * commands must not create an empty one); a server is asked when it is opened.
 */
export function studyStorageExists(location: string): boolean {
  return isStorageUrl(location) || existsSync(location);
}

/**
 * Opens the study storage at `location` (see {@link resolveStudyStorage}): a SQLite file for a
 * path, PostgreSQL for `postgres://` / `postgresql://`. The one place storage is opened.
 * `location` on the result is printable (a URL without its password).
 *
 * @throws TuneRagError ('store') naming the `storage` option for another URL scheme, or when
 *   the database cannot be opened (see each store).
 */
export function openStudyStorage(location: string): StudyStore & { readonly location: string } {
  if (isPostgresUrl(location)) return new PostgresStudyStore({ url: location });
  if (isStorageUrl(location)) {
    const scheme = location.slice(0, location.indexOf(':'));
    throw new TuneRagError('store', `${optionRef('storage')}: cannot open "${scheme}://" study storage`, {
      hint: `pass the path of an SQLite file (e.g. .tune-rag/tune-rag.db) or a postgresql://user:password@host:port/database URL, or unset ${STORAGE_ENV}`,
    });
  }
  const store = new SqliteStudyStore({ path: location });
  return Object.assign(store, { location });
}
