import { resolve } from 'node:path';
import { TuneRagError, optionRef } from '../errors.js';
import { Study } from '../optimize/study.js';
import { loadConfigFile } from '../space/load-config-file.js';
import type { Config } from '../space/parameter-schema.js';
import { didYouMean } from '../names/suggest-name.js';
import { resolveConfig } from '../space/validate-config.js';
import { openStudyStorage, resolveStudyStorage, studyStorageExists } from '../store/open-study-storage.js';
import type { Workspace } from '../workspace/workspace.js';

/** A configuration to evaluate, with where it came from (printed and stored with results). */
export interface EvalSubject {
  config: Config;
  /** "pipelines/baseline.json", a file path, or "study:NAME#12". */
  source: string;
}

const STUDY_PREFIX = 'study:';

/**
 * Resolves a baseline spec: absent → pipelines/baseline.json; `study:NAME` → the best trial of that
 * study in the study database (what `tune-rag show NAME` calls best); anything else → a
 * configuration file relative to `baseDir`. The result is validated against the catalogue like
 * any --config, so a study written by an older catalogue fails with the offending key.
 */
export function resolveBaseline(options: {
  spec?: string;
  workspace: Workspace;
  baseDir: string;
  studyDb?: string;
}): EvalSubject {
  const { spec, workspace } = options;
  if (spec === undefined)
    return { config: workspace.baseline, source: workspace.baselineSource ?? 'pipelines/baseline.json' };
  if (spec.startsWith(STUDY_PREFIX))
    return studyBest({ name: spec.slice(STUDY_PREFIX.length), workspace, studyDb: options.studyDb });
  return loadSubject({ path: spec, workspace, baseDir: options.baseDir });
}

/** A configuration file (flat, or with a "config" member) relative to `baseDir`, validated. */
export function loadSubject(options: { path: string; workspace: Workspace; baseDir: string }): EvalSubject {
  const path = resolve(options.baseDir, options.path);
  const { config } = loadConfigFile({ path, space: options.workspace.catalogue, defaults: options.workspace.defaults });
  return { config, source: options.path };
}

function studyBest(options: { name: string; workspace: Workspace; studyDb?: string }): EvalSubject {
  const { name, workspace } = options;
  if (!name)
    throw new TuneRagError('cli', 'baseline "study:" names no study', {
      hint: `Write ${optionRef('baseline')} study:NAME (see tune-rag runs for the names).`,
    });
  const path = resolveStudyStorage({ storage: options.studyDb, cwd: workspace.dir, workspaceDir: workspace.dir });
  if (!studyStorageExists(path)) {
    throw new TuneRagError('cli', `baseline study:${name}: no study database at ${path}`, {
      hint: `Run a tuning study first, or pass ${optionRef('storage')} FILE.`,
    });
  }
  const store = openStudyStorage(path);
  try {
    const study = Study.open({ store, name });
    if (!study) {
      const known = store.listStudies().map((s) => s.name);
      throw new TuneRagError(
        'cli',
        `baseline study:${name}: no such study in ${store.location}.${didYouMean(name, known)}`,
        {
          hint: known.length ? `Studies: ${known.join(', ')}` : 'The database has no studies yet.',
        },
      );
    }
    const best = study.best();
    if (!best)
      throw new TuneRagError(
        'cli',
        `baseline study:${name}: the study has no complete trial yet, so it has no best configuration`,
        { hint: 'Resume the study (tune-rag --study NAME --resume) or pick a configuration file.' },
      );
    const source = `study:${name}#${best.number}`;
    const { config } = resolveConfig({
      config: best.config,
      space: workspace.catalogue,
      defaults: workspace.defaults,
      source,
    });
    return { config, source };
  } finally {
    store.close();
  }
}
