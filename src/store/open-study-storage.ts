import { join, resolve } from 'node:path';
import { optionRef, TuneRagError } from '../errors.js';
import { SqliteStudyStore } from './sqlite-study-store.js';
import type { StudyStore } from './study-store.js';

/** The environment variable naming the study storage when `--storage` is not given. */
export const STORAGE_ENV = 'TUNE_RAG_STORAGE';

/**
 * Where a study lives: `storage` (the flag or option), else `TUNE_RAG_STORAGE`, else the
 * workspace's `tune-rag.db`. A path is resolved against `cwd`; a URL (`scheme://...`) is kept
 * as it is. The result is what {@link openStudyStorage} opens, and what worker processes and
 * heartbeat threads are given so that they open the very same study.
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

/**
 * Opens the study storage at `location` (see {@link resolveStudyStorage}): an SQLite file for a
 * path. The one place storage is opened, so another backend is added here only.
 *
 * @throws TuneRagError ('store') naming the `storage` option for a URL scheme this build cannot open.
 */
export function openStudyStorage(location: string): StudyStore & { readonly location: string } {
  if (isStorageUrl(location)) {
    const scheme = location.slice(0, location.indexOf(':'));
    throw new TuneRagError('store', `${optionRef('storage')}: cannot open "${scheme}://" study storage`, {
      hint: `pass the path of an SQLite file (e.g. ${optionRef('storage')} .tune-rag/tune-rag.db), or unset ${STORAGE_ENV}`,
    });
  }
  const store = new SqliteStudyStore({ path: location });
  return Object.assign(store, { location });
}
