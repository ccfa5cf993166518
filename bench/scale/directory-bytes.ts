import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Total size of the files under `dir` (recursively): what a cache folder takes on disk. */
export function directoryBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return bytes;
}
