import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { optionRef, TuneRagError } from '../errors.js';
import { didYouMean } from '../names/suggest-name.js';
import { checkUserName } from '../names/user-name.js';
import { Study } from '../optimize/study.js';
import { summarizeStudy } from '../optimize/study-summary.js';
import { packageVersion } from '../package-root.js';
import { ComponentRegistry } from '../providers/component-registry.js';
import { openStudyStorage, resolveStudyStorage, studyStorageExists } from '../store/open-study-storage.js';
import type { TrialRecord } from '../store/trial.js';
import { openWorkspace } from '../workspace/workspace.js';
import { buildManifest, promptOf } from './build-manifest.js';
import type { ExportManifest } from './export-manifest.js';
import { exportableConfig, isLlmGenerator } from './exportable-config.js';
import { renderLangchainModule } from './render-langchain-module.js';

/** Options of {@link exportConfiguration}. */
export interface ExportConfigurationOptions {
  /** The study's name (see `tune-rag runs`); a name, never a path. */
  study: string;
  /** The trial's number (`#N` in `tune-rag show`); default the study's best, as `show` picks it. */
  trial?: number;
  /** `json`: the manifest; `langchain`: a runnable LangChain.js module (.mjs) importing `tune-rag/langchain`. */
  format: 'json' | 'langchain';
  /** The file to write, relative to `cwd`. */
  out: string;
  /** Overwrite `out` when it exists (default: refuse). */
  force?: boolean;
  /** The study database (default .tune-rag/tune-rag.db under `cwd`). */
  storage?: string;
  cwd?: string;
}

/**
 * Exports one finished trial of a study: its manifest (configuration, tune-rag and component
 * versions, seeds, dataset fingerprint, objectives and metrics), and with `format: 'langchain'`
 * a module that rebuilds the pipeline from LangChain parts and reproduces its retrieval.
 *
 * @throws TuneRagError for an unknown study or trial (naming how to list them), a trial without
 *   results, a configuration the exporter cannot render faithfully (naming the parameter), or an
 *   existing `out` without `force`.
 */
export function exportConfiguration(options: ExportConfigurationOptions): { path: string; manifest: ExportManifest } {
  const cwd = options.cwd ?? process.cwd();
  const name = checkUserName({
    name: options.study,
    label: 'study',
    example: 'tune-rag export demo-1 --out best.json',
  });
  const path = resolveStudyStorage({ storage: options.storage, cwd, workspaceDir: openWorkspace({ cwd }).dir });
  if (!studyStorageExists(path))
    throw new TuneRagError('store', `no study database at ${path}`, {
      hint: `Run a tuning study first (tune-rag --dataset demo), or give the database with ${optionRef('storage')}.`,
    });
  const store = openStudyStorage(path);
  try {
    const study = Study.open({ store, name });
    if (!study) {
      const known = store.listStudies().map((s) => s.name);
      throw new TuneRagError('cli', `no study "${name}" in ${store.location}.${didYouMean(name, known)}`, {
        hint: `List the studies with tune-rag runs${known.length ? ` (${known.join(', ')})` : ''}.`,
      });
    }
    const best = summarizeStudy(study).best;
    const trial = pickTrial({ trials: study.trials(), number: options.trial, best, study: name });
    const pipeline = exportableConfig({ config: trial.config, trial: trial.number });
    const components = new ComponentRegistry();
    const manifest = buildManifest({
      study,
      trial,
      pipeline,
      best: best?.id === trial.id,
      components,
      tuneRagVersion: packageVersion(),
    });
    const text =
      options.format === 'json'
        ? `${JSON.stringify(manifest, null, 2)}\n`
        : renderLangchainModule({
            config: pipeline,
            ...(isLlmGenerator(pipeline.generator) ? { prompt: promptOf(pipeline, components) } : {}),
            header: [
              `Exported by tune-rag ${manifest.tuneRagVersion}: study "${name}", trial #${trial.number}.`,
              `Dataset ${manifest.dataset.name} (fingerprint ${manifest.dataset.fingerprint}).`,
              'Run: node <this file> --dataset DIR   (needs the tune-rag package: import "tune-rag/langchain")',
            ],
          });
    const out = resolve(cwd, options.out);
    writeExport({ path: out, text, force: options.force ?? false });
    return { path: out, manifest };
  } finally {
    store.close();
  }
}

function pickTrial(options: {
  trials: TrialRecord[];
  number: number | undefined;
  best: TrialRecord | undefined;
  study: string;
}): TrialRecord {
  const { trials, number, study } = options;
  const show = `See the trials with tune-rag show ${study}.`;
  if (number === undefined) {
    if (options.best) return options.best;
    throw new TuneRagError('cli', `study "${study}" has no complete trial to export`, {
      hint: `${show} Export a pruned trial with ${optionRef('trial')} N.`,
    });
  }
  const trial = trials.find((t) => t.number === number);
  if (!trial)
    throw new TuneRagError('cli', `study "${study}" has no trial #${number} (it has #0 to #${trials.length - 1})`, {
      hint: show,
    });
  if (trial.state !== 'complete' && trial.state !== 'pruned')
    throw new TuneRagError(
      'cli',
      `trial #${number} of study "${study}" is ${trial.state}: it has no results to export`,
      {
        hint: `${show} Choose a complete or pruned trial with ${optionRef('trial')}.`,
      },
    );
  return trial;
}

function writeExport(options: { path: string; text: string; force: boolean }): void {
  const { path, text, force } = options;
  try {
    writeFileSync(path, text, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new TuneRagError('io', `${path} already exists`, {
        hint: `Choose another ${optionRef('out')} file, or overwrite it with ${optionRef('force')}.`,
      });
    throw new TuneRagError('io', `cannot write ${path}: ${(error as Error).message}`, {
      hint: `Give ${optionRef('out')} a file in a folder you can write.`,
    });
  }
}
