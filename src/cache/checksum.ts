import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Hex sha256 of one or more byte/strings chunks, hashed in order (what every cache checksum is). */
export function sha256Hex(...parts: (Buffer | Uint8Array | string)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** Hex sha256 of a file, read in 4 MB blocks so multi-GB index files never sit in memory twice. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (;;) {
      const read = readSync(fd, block, 0, block.length, null);
      if (read === 0) break;
      hash.update(block.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
