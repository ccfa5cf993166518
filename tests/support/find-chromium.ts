import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where the browser tests find Chromium: CHROMIUM_PATH when set (an error if it does not exist,
 * so a typo never turns into a silent skip), else the first `chromium` or `chromium-browser` on
 * PATH. `path` is null when there is none; `reason` then says why the browser tests are skipped.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string | null; reason: string } {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured))
      throw new Error(`CHROMIUM_PATH=${configured} does not exist; unset it to look for chromium on PATH`);
    return { path: configured, reason: `CHROMIUM_PATH=${configured}` };
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return { path: candidate, reason: `${name} on PATH` };
    }
  }
  return {
    path: null,
    reason:
      'Chromium not found: set CHROMIUM_PATH or put chromium (or chromium-browser) on PATH; CI installs it (.ci/run)',
  };
}
