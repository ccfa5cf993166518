import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { TuneRagError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { DatasetFormat } from './dataset-schema.js';
import { isDocumentPath } from './document-files.js';

/** Where a dataset spec points and which loader reads it. */
export interface ResolvedDataset {
  /** Absolute path of the dataset folder (or the SQuAD .json file). */
  path: string;
  /** Short name: the bundled name, or the folder / file base name. */
  name: string;
  format: DatasetFormat;
}

const FORMATS_HELP =
  'Pass a folder with corpus.jsonl + qa.jsonl, a BEIR folder, a SQuAD .json file or a folder of documents with qa.jsonl/qa.csv';

/**
 * Turns a user's dataset spec into a path and a format. A bare NAME is a bundled dataset
 * (`<package root>/datasets/NAME`) when one exists; otherwise the spec is a path relative to
 * `cwd`. A path to `corpus.jsonl`/`qa.jsonl` means its folder.
 *
 * Detection: `*.json` file → squad; folder with queries.jsonl + qrels/ → beir; corpus.jsonl +
 * qa.jsonl → native; qa.jsonl or qa.csv beside documents → folder. Throws TuneRagError
 * ('dataset') naming what was looked for and the bundled names.
 */
export function resolveDataset(options: { spec: string; cwd: string }): ResolvedDataset {
  const { spec, cwd } = options;
  const bundledRoot = join(packageRoot(), 'datasets');
  const isName = /^[\w.-]+$/.test(spec) && spec !== '.' && spec !== '..';
  const bundled = isName ? join(bundledRoot, spec) : undefined;
  if (bundled && existsSync(bundled)) return { ...detect({ path: bundled, spec }), name: spec };

  let path = resolve(cwd, spec);
  if (!existsSync(path)) {
    const names = bundledNames(bundledRoot);
    throw new TuneRagError(
      'dataset',
      `dataset "${spec}" not found: ${/[\\/]/.test(spec) ? `no such path ${relativeSpec(spec)}` : `no bundled dataset datasets/${spec} and no path ${relativeSpec(spec)}`}. Bundled: ${names.length > 0 ? names.join(', ') : 'none'}. ${FORMATS_HELP}`,
    );
  }
  if (statSync(path).isFile() && ['corpus.jsonl', 'qa.jsonl', 'qa.csv', 'queries.jsonl'].includes(basename(path)))
    path = dirname(path);
  const detected = detect({ path, spec });
  return { ...detected, name: basename(path, detected.format === 'squad' ? extname(path) : '') };
}

function detect(options: { path: string; spec: string }): Omit<ResolvedDataset, 'name'> {
  const { path, spec } = options;
  const stat = statSync(path);
  if (stat.isFile()) {
    if (extname(path).toLowerCase() === '.json') return { path, format: 'squad' };
    throw new TuneRagError(
      'dataset',
      `dataset "${spec}" is a file but not a SQuAD .json file (${path}). ${FORMATS_HELP}`,
    );
  }
  // A device, pipe or socket (/dev/null, a FIFO) is neither a dataset file nor a folder.
  if (!stat.isDirectory())
    throw new TuneRagError('dataset', `dataset "${spec}" is not a file or a folder (${path}). ${FORMATS_HELP}`);
  const has = (name: string): boolean => existsSync(join(path, name));
  if (has('queries.jsonl') && has('qrels')) return { path, format: 'beir' };
  if (has('corpus.jsonl') && has('qa.jsonl')) return { path, format: 'native' };
  if (has('corpus.jsonl')) {
    throw new TuneRagError(
      'dataset',
      `dataset ${path} has corpus.jsonl but no qa.jsonl (or queries.jsonl + qrels/ for BEIR) — add the questions file`,
    );
  }
  if (has('qa.jsonl') || has('qa.csv')) return { path, format: 'folder' };
  const hasDocs = readdirSync(path).some((n) => isDocumentPath(n));
  throw new TuneRagError(
    'dataset',
    `folder ${path} is not a dataset: ${hasDocs ? 'it has documents but no qa.jsonl or qa.csv with the questions' : 'found none of corpus.jsonl, qa.jsonl, qa.csv, queries.jsonl'}. ${FORMATS_HELP}`,
  );
}

function bundledNames(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function relativeSpec(spec: string): string {
  return spec.startsWith('/') || spec.startsWith('.') || /^[A-Za-z]:[\\/]/.test(spec) ? spec : `./${spec}`;
}
