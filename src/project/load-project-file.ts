import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { createJiti } from 'jiti';
import { TuneRagError } from '../errors.js';
import { formatZodIssues } from '../json/format-zod-issues.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import type { TuneRagProject } from './langchain-project.js';
import { ProjectFileSchema } from './project-schema.js';

/** Looked for in the working directory, in this order, when no `--config-file` is given. */
export const PROJECT_FILE_NAMES = [
  'tune-rag.config.ts',
  'tune-rag.config.mjs',
  'tune-rag.config.js',
  'tune-rag.config.json',
];

/** A validated project file. */
export interface LoadedProject {
  /** Absolute path of the file. */
  file: string;
  project: TuneRagProject;
  /** `space` resolved: an absolute file path or a space object; null when the file names none. */
  space: string | SearchSpace | null;
}

/** The project file of `cwd` (first of PROJECT_FILE_NAMES present), or null. */
export function findProjectFile(cwd: string): string | null {
  for (const name of PROJECT_FILE_NAMES) {
    const file = join(cwd, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/**
 * Loads a project file: JSON as is, `.ts`/`.mts` through jiti (Node 20 cannot import TypeScript),
 * `.mjs`/`.js` by import. Its default export is the project, or a (possibly async) function
 * returning it. Throws TuneRagError ('config') naming `label` (how the user spelled the file) and
 * the key of every problem, e.g. `tune-rag.config.ts: components.embedders[1].name: ...`.
 */
export async function loadProjectFile(options: { file: string; label?: string }): Promise<LoadedProject> {
  const file = resolve(options.file);
  const label = options.label ?? file;
  if (!existsSync(file))
    throw new TuneRagError('config', `${label}: project file not found`, {
      hint: `create it, or pass the right path to --config-file (looked for ${PROJECT_FILE_NAMES.join(', ')})`,
    });
  const exported = await importDefault(file, label);
  let value: unknown;
  try {
    value = typeof exported === 'function' ? await (exported as () => unknown)() : exported;
  } catch (error) {
    throw new TuneRagError('config', `${label}: its default-exported function failed: ${messageOf(error)}`, {
      hint: 'fix the function (or export the project object itself)',
    });
  }
  const parsed = ProjectFileSchema.safeParse(value);
  if (!parsed.success) {
    const lines = formatZodIssues(parsed.error).map((line) => `${label}: ${line}`);
    throw new TuneRagError('config', lines.join('\n'), {
      hint: 'the default export is { components?: { embedders, generators, judges, rerankers, retrievers, vectorStores }, space?, pipeline? } (see README: Your LangChain.js components)',
    });
  }
  const project = parsed.data as TuneRagProject;
  const space = typeof project.space === 'string' ? resolve(dirname(file), project.space) : (project.space ?? null);
  return { file, project, space };
}

async function importDefault(file: string, label: string): Promise<unknown> {
  const extension = extname(file);
  try {
    if (extension === '.json') return JSON.parse(readFileSync(file, 'utf8'));
    const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: false });
    const module = (await jiti.import(file)) as { default?: unknown };
    if (module === null || typeof module !== 'object' || module.default === undefined)
      throw new TuneRagError('config', `${label}: no default export`, {
        hint: 'export the project: `export default { components: { ... } }`',
      });
    return module.default;
  } catch (error) {
    if (error instanceof TuneRagError) throw error;
    throw new TuneRagError('config', `${label}: cannot load: ${messageOf(error)}`, {
      hint: extension === '.json' ? 'fix the JSON' : 'fix the error in the file (or in a module it imports)',
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
