import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** Where an export goes, or why it may not go there (with the fix). */
export type ExportTarget = { ok: true; path: string } | { ok: false; problem: string; hint: string };

/**
 * Resolves the file of an `export` action. Exports only ever land in the study's output folder
 * (the folder of `defaultPath`, its best.json), because a chat message (or a document quoted to
 * the LLM) must not be able to write anywhere else: the name is a bare file name, without path
 * separators, `..` or an absolute path. An existing file is overwritten only with `force`, which
 * only the `/export --force` slash command sets. The default target, best.json, is the study's
 * own output (tune rewrites it after every search), so it is always refreshed.
 */
export function resolveExportTarget(options: { path?: string; defaultPath: string; force?: boolean }): ExportTarget {
  const { path, defaultPath } = options;
  if (path === undefined) return { ok: true, path: defaultPath };
  const dir = dirname(defaultPath);
  const name = path.trim();
  const hint = `Give a file name only, e.g. /export best-so-far.json; it is written in ${dir}.`;
  if (!name) return { ok: false, problem: 'the export file name is empty', hint };
  if (isAbsolute(name) || /[\\/]/.test(name)) return { ok: false, problem: `"${path}" is a path; export writes only inside the study's output folder`, hint };
  if (name === '.' || name === '..' || name.includes('..')) return { ok: false, problem: `"${path}" contains ".."; export writes only inside the study's output folder`, hint };
  if (name.includes('\0')) return { ok: false, problem: 'the export file name contains a NUL character', hint };
  const target = join(dir, basename(name));
  if (target !== defaultPath && existsSync(target) && !options.force) {
    return { ok: false, problem: `${target} already exists`, hint: `Choose another name, or overwrite it with /export --force ${name}.` };
  }
  return { ok: true, path: target };
}
