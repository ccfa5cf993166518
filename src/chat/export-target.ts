import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveInside } from '../names/inside-folder.js';
import { quoteName, userNameProblem, USER_NAME_RULE } from '../names/user-name.js';

/** Where an export goes, or why it may not go there (with the fix). */
export type ExportTarget = { ok: true; path: string } | { ok: false; problem: string; hint: string };

/**
 * Resolves the file of an `export` action. Exports only ever land in the study's output folder
 * (the folder of `defaultPath`, its best.json), because a chat message (or a document quoted to
 * the LLM) must not be able to write anywhere else: the name is a user name (names/user-name.ts:
 * no path separators, no `..`, no absolute path, no spaces or control characters), and the
 * resolved path is checked once more to be inside the folder. An existing file is overwritten
 * only with `force`, which only the `/export --force` slash command sets. The default target,
 * best.json, is the study's own output (tune rewrites it after every search), so it is always
 * refreshed.
 */
export function resolveExportTarget(options: { path?: string; defaultPath: string; force?: boolean }): ExportTarget {
  const { path, defaultPath } = options;
  if (path === undefined) return { ok: true, path: defaultPath };
  const dir = dirname(defaultPath);
  const name = path.trim();
  const hint = `Give a file name only (${USER_NAME_RULE}), e.g. /export best-so-far.json; it is written in ${dir}.`;
  const problem = userNameProblem(name);
  if (problem !== null)
    return {
      ok: false,
      problem: `the export name ${quoteName(path)} ${problem}; export writes only inside the study's output folder`,
      hint,
    };
  const target = resolveInside({ folder: dir, name, what: 'export file' });
  if (target !== defaultPath && existsSync(target) && !options.force) {
    return {
      ok: false,
      problem: `${target} already exists`,
      hint: `Choose another name, or overwrite it with /export --force ${name}.`,
    };
  }
  return { ok: true, path: target };
}
