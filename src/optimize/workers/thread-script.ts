import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from '../../package-root.js';

/**
 * The compiled file of a worker-thread script that sits next to `moduleUrl` (a module of this
 * package): the sibling `.js` when running from dist/, else the same file under dist/ when
 * running the TypeScript sources (vitest), since a thread cannot load TypeScript.
 *
 * @throws Error when no compiled script exists (run `npm run build`).
 */
export function threadScript(moduleUrl: string, name: string): URL {
  const sibling = new URL(`./${name}.js`, moduleUrl);
  if (existsSync(sibling)) return sibling;
  const root = packageRoot();
  const built = join(root, 'dist', relative(root, fileURLToPath(new URL('.', moduleUrl))), `${name}.js`);
  if (existsSync(built)) return pathToFileURL(built);
  throw new Error(
    `the thread script ${name}.js is not built (looked at ${fileURLToPath(sibling)} and ${built}): run npm run build`,
  );
}
