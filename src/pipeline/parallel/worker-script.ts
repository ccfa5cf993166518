import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../package-root.js';

/**
 * Path of the compiled corpus worker (dist/src/pipeline/parallel/corpus-worker.js), or null when
 * it is not there. Worker threads run plain JavaScript: from the build this is the file beside
 * this module; from the TypeScript sources (vitest) it is the same path under dist/, which
 * `npm run build` (run before the tests) writes. Without a build, corpus work stays in-thread.
 */
export function corpusWorkerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  const folder = here.endsWith('.ts')
    ? join(packageRoot(), 'dist', relative(packageRoot(), dirname(here)))
    : dirname(here);
  const script = join(folder, 'corpus-worker.js');
  return existsSync(script) ? script : null;
}
