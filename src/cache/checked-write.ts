import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cacheWriteError } from './cache-write-error.js';

/** The fs calls a checked write makes; tests pass a wrapper that fails them (ENOSPC, short writes). */
export type WriteFs = Pick<
  typeof nodeFs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync'
>;

/**
 * Name of the temporary file a write to `path` goes through: same folder (so rename is atomic),
 * tagged with the pid (so a prune knows whether its writer still runs) and a random suffix, so two
 * writers of one path (processes sharing a cache folder, or worker threads sharing a pid) never
 * write into the same temp file.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Temp files are `<name>.tmp-<pid>-<random>` (older versions: `<name>.tmp-<pid>`); returns the pid, or null for any other name. */
export function tempFileOwner(name: string): number | null {
  const match = /\.tmp-(\d+)(?:-[0-9a-f]+)?$/.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * Writes `data` to `path` so that `path` is either absent/unchanged or complete: into a temp file
 * in the same folder, every byte checked (a short write is an error, not a truncated file), fsync,
 * then rename. Throws a TuneRagError naming the path, the bytes needed and the fix; the temp file
 * is removed on failure.
 */
export function writeFileChecked(options: { path: string; data: Uint8Array; fs?: WriteFs }): void {
  const { path, data } = options;
  const fs = options.fs ?? nodeFs;
  const temp = tempPathFor(path);
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      let written = 0;
      while (written < data.byteLength) {
        const n = fs.writeSync(fd, data, written, data.byteLength - written);
        // writeSync returning 0 would loop forever; the kernel only does that when nothing fits.
        if (n <= 0)
          throw Object.assign(new Error(`short write: ${written} of ${data.byteLength} bytes`), { code: 'ENOSPC' });
        written += n;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw cacheWriteError({ path, bytes: data.byteLength, error });
  }
}
