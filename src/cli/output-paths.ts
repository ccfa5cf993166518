import { closeSync, mkdirSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TuneRagError } from '../errors.js';

/**
 * Output paths are checked before the first trial, so a read-only `--out` or `--json` folder
 * fails in a second instead of after the whole run. The check does what the final write will do
 * (create the folder, create a file in it, or open the existing file for writing), because
 * permission bits alone say nothing for root or for read-only mounts. Nothing is left behind:
 * the probe file is removed and an existing file is opened without truncating it.
 */

/** Throws `TuneRagError('io')` naming `flag` and `dir` when files cannot be created in `dir` (created if missing). */
export function checkWritableFolder(options: { dir: string; flag: string }): void {
  const { dir, flag } = options;
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.tune-rag-write-check-${process.pid}`);
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (error) {
    throw notWritable({ flag, path: dir, error, what: 'folder' });
  }
}

/** Throws `TuneRagError('io')` naming `flag` and `path` when the file could not be written later. */
export function checkWritableFile(options: { path: string; flag: string }): void {
  const { path, flag } = options;
  let exists = false;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      throw new TuneRagError('io', `${flag} ${path}: is a folder, not a file`, {
        hint: `give ${flag} a file name, e.g. ${join(path, 'study.json')}`,
      });
    }
    exists = true;
  } catch (error) {
    if (error instanceof TuneRagError) throw error;
  }
  if (!exists) {
    // The final write does not create folders, so the folder must exist already.
    checkExistingFolder({ path, flag });
    try {
      return checkWritableFolder({ dir: dirname(path), flag });
    } catch (error) {
      const cause = (error as TuneRagError).cause;
      throw notWritable({ flag, path, error: cause, what: 'file' });
    }
  }
  try {
    closeSync(openSync(path, 'r+'));
  } catch (error) {
    throw notWritable({ flag, path, error, what: 'file' });
  }
}

/**
 * Writes an output file, turning a failure (full disk, permissions) into a `TuneRagError('io')`
 * naming the flag, the path and the fix instead of an internal error. For files written after a
 * run: `afterwards` says how to get the file once the cause is fixed (e.g. that the trials are saved).
 */
export function writeOutputFile(options: { path: string; text: string; flag: string; afterwards: string }): void {
  try {
    writeFileSync(options.path, options.text);
  } catch (error) {
    const failure = notWritable({ flag: options.flag, path: options.path, error, what: 'file' });
    throw new TuneRagError('io', failure.message, { hint: `${failure.hint}; ${options.afterwards}`, cause: error });
  }
}

function checkExistingFolder(options: { path: string; flag: string }): void {
  const folder = dirname(options.path);
  try {
    if (statSync(folder).isDirectory()) return;
  } catch {
    // reported below
  }
  throw new TuneRagError('io', `${options.flag} ${options.path}: the folder ${folder} does not exist`, {
    hint: `create it first (mkdir -p "${folder}") or give ${options.flag} a path in an existing folder`,
  });
}

function notWritable(options: { flag: string; path: string; error: unknown; what: 'file' | 'folder' }): TuneRagError {
  const code = (options.error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOSPC'
      ? 'no space left on the device'
      : code === 'EROFS'
        ? 'the file system is read-only'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'ENOTDIR'
            ? 'a part of the path is a file, not a folder'
            : (options.error as Error).message;
  const fix =
    code === 'ENOSPC'
      ? `free space on that disk or give ${options.flag} a path on another disk`
      : `give ${options.flag} a writable path, or fix the permissions of ${options.path}`;
  return new TuneRagError(
    'io',
    `${options.flag} ${options.path}: cannot write the ${options.what} (${reason}${code ? `, ${code}` : ''})`,
    {
      hint: fix,
      cause: options.error,
    },
  );
}
