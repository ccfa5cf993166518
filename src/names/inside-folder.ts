import { isAbsolute, relative, resolve, sep } from 'node:path';
import { TuneRagError } from '../errors.js';

/**
 * The path of `name` inside `folder`, checked to stay inside it: the second guard behind name
 * validation (see user-name.ts), so a name that slipped past a check (an old study stored before
 * names were checked, a future caller) still cannot make tune-rag write elsewhere. `what` names
 * the file for the message, e.g. `study folder`. The check is on the resolved path (`..`,
 * absolute names); it does not follow symbolic links, which only the folder's owner can create.
 */
export function resolveInside(options: { folder: string; name: string; what: string }): string {
  const folder = resolve(options.folder);
  const target = resolve(folder, options.name);
  const rel = relative(folder, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) || options.name.includes('\0')) {
    throw new TuneRagError(
      'io',
      `the ${options.what} for ${JSON.stringify(options.name)} would be ${target}, outside ${folder}`,
      {
        hint: 'Names are single file or folder names; use a name without "/", "\\" or "..".',
      },
    );
  }
  return target;
}
