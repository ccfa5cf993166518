import { TuneRagError, optionRef } from '../errors.js';

/** errno / SQLite codes that mean "the disk (or the user's quota) is full". */
const NO_SPACE_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', 'EFBIG']);

/** True when `error` says there is no room left (a full disk, a quota, a file-size limit, SQLITE_FULL). */
export function isNoSpaceError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NO_SPACE_CODES.has(code);
}

/** "1.2 MB" style sizes for messages (decimal units, as `df -H` and `--max-size` use). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * The user-facing error of a failed cache write: names the file, how many bytes the write needed
 * and the fix. `cause` keeps the original error for TUNE_RAG_DEBUG.
 */
export function cacheWriteError(options: { path: string; bytes: number; error: unknown }): TuneRagError {
  const { path, bytes, error } = options;
  const reason = error instanceof Error ? error.message : String(error);
  if (isNoSpaceError(error)) {
    return new TuneRagError('io', `no space left to write ${path} (needed ${formatBytes(bytes)}): ${reason}`, {
      hint: `Free space on that disk, or point ${optionRef('cacheDir')} at a disk with room; \`tune-rag cache --prune --max-size 500MB\` shrinks the cache.`,
      cause: error,
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new TuneRagError('io', `${path} stayed locked by another process past the busy timeout (${reason})`, {
      hint: `Another process sharing this cache folder (a \`cache prune\` compacting it, an sqlite3 shell) held its write lock; set TUNE_RAG_BUSY_TIMEOUT_MS (milliseconds) to wait longer.`,
      cause: error,
    });
  }
  return new TuneRagError('io', `cannot write ${path} (${formatBytes(bytes)}): ${reason}`, {
    hint: `Check that the folder exists and is writable, or point ${optionRef('cacheDir')} somewhere writable.`,
    cause: error,
  });
}

/**
 * The error of a cache database that cannot be opened: a damaged file (not a database, corrupt
 * pages) says it is only a cache and can be deleted; anything else (permissions, a full disk) says
 * how to make the folder usable.
 */
export function cacheOpenError(options: { path: string; error: unknown }): TuneRagError {
  const { path, error } = options;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new TuneRagError('io', `the cache database ${path} is damaged: ${reason}`, {
      hint: `It only holds cached results: delete it (rm ${path}*) and run again, or point ${optionRef('cacheDir')} somewhere else.`,
      cause: error,
    });
  }
  return new TuneRagError('io', `cannot open the cache database ${path}: ${reason}`, {
    hint: `Make the folder writable and check the disk has room, or point ${optionRef('cacheDir')} somewhere else.`,
    cause: error,
  });
}
