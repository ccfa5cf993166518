import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The installed tune-rag package folder (holding pipelines/, prompts/, datasets/). Found by
 * walking up from this module, so it works from src/ under vitest and from dist/src/ when built.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'tune-rag') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tune-rag package root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The tool's own version, recorded with every run for reproducibility. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
}
