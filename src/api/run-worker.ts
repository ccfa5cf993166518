import { existsSync } from 'node:fs';
import type { CacheHealth } from '../cache/cache-health.js';
import type { Dataset } from '../data/dataset-schema.js';
import { loadDataset } from '../data/load-dataset.js';
import { optionRef, TuneRagError } from '../errors.js';
import { didYouMean } from '../names/suggest-name.js';
import type { TuningEvents } from '../optimize/tuning-loop.js';
import { countsTowardBudget, Study } from '../optimize/study.js';
import { isStorageUrl, openStudyStorage, resolveStudyStorage } from '../store/open-study-storage.js';
import { resolveWorkspacePaths } from '../workspace/workspace.js';
import { prepareTuning, type PreparedTuning, type PrepareTuningOptions } from './prepare-tuning.js';
import { runTuning } from './tune.js';

/** What `runWorker` needs: the study to join and how to run its trials here. */
export interface WorkerOptions
  extends Pick<
    PrepareTuningOptions,
    | 'cwd'
    | 'storage'
    | 'llm'
    | 'components'
    | 'pipeline'
    | 'cacheDir'
    | 'concurrency'
    | 'maxDocumentMb'
    | 'heartbeatInterval'
    | 'heartbeatGrace'
    | 'workspace'
  > {
  /** The study to join; it must exist (a worker never creates one). */
  study: string;
  /** The study's dataset (default: where the study loaded it from); its fingerprint must be the study's. */
  dataset?: Dataset | string;
  /** The total budget over all workers (default: the study's, as steering left it). */
  budget?: number;
  signal?: AbortSignal;
  events?: TuningEvents;
  cacheHealth?: CacheHealth;
  /** Called once the study is open, before the first trial (front ends print their opening line). */
  onReady?(prepared: PreparedTuning): void;
}

/** What one worker did, read before its store was closed. */
export interface WorkerResult {
  studyName: string;
  /** Where the study lives (see resolveStudyStorage). */
  storage: string;
  /** The study's budget in force at the end (steering included). */
  budget: number;
  /** Trials of the study (all workers) that used budget. */
  counted: number;
}

/**
 * Joins an existing study as one more worker: reads the study's settings (space, objectives,
 * rungs, seed, proposer, dataset fingerprint), then takes waiting trials and, when none waits,
 * proposes under the study's proposer lease, until the budget (counted over every worker's
 * trials) is used.
 *
 * @throws TuneRagError naming `study` when no such study is stored, or `dataset` when the
 * dataset's content differs from the one the study was started on.
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerResult> {
  const cwd = options.cwd ?? process.cwd();
  const storage = resolveStudyStorage({
    storage: options.storage,
    cwd,
    workspaceDir: options.workspace?.dir ?? resolveWorkspacePaths({ cwd }).dir,
  });
  const settings = storedSettings(storage, options.study);
  const dataset =
    typeof options.dataset === 'object'
      ? options.dataset
      : await loadDataset({
          spec: options.dataset ?? settings.dataset.source,
          cwd,
          maxDocumentMb: options.maxDocumentMb,
        });
  if (dataset.fingerprint !== settings.dataset.fingerprint) {
    throw new TuneRagError(
      'cli',
      `${optionRef('dataset')} ${dataset.source} is not the dataset of study "${options.study}" (fingerprint ${dataset.fingerprint}; the study's is ${settings.dataset.fingerprint})`,
      {
        hint: `pass the dataset the study was started on with ${optionRef('dataset')} (it was ${settings.dataset.source})`,
      },
    );
  }
  const prepared = await prepareTuning({
    ...options,
    cwd,
    storage,
    dataset,
    resume: true,
    // The stored settings win on resume; these only keep prepareTuning's checks in step with them.
    proposer: settings.proposer,
    seed: settings.seed,
    budget: options.budget ?? settings.budget,
    budgetExplicit: options.budget !== undefined,
    objectives: settings.objectives.map((o) => o.name),
    weights: settings.weights,
    pruner: settings.pruner as PrepareTuningOptions['pruner'],
  });
  try {
    options.onReady?.(prepared);
    await runTuning(prepared, { signal: options.signal, events: options.events, cacheHealth: options.cacheHealth });
    return {
      studyName: prepared.study.name,
      storage: prepared.storage,
      budget: prepared.steering.live().budget,
      counted: prepared.study.trials().filter(countsTowardBudget).length,
    };
  } finally {
    prepared.store.close();
  }
}

/** The settings of the stored study `name`, read without changing anything. */
function storedSettings(storage: string, name: string): Study['settings'] {
  if (!isStorageUrl(storage) && !existsSync(storage))
    throw new TuneRagError('store', `${optionRef('storage')}: no study database at ${storage}`, {
      hint: `start the study with tune first, or pass the database it is stored in with ${optionRef('storage')}`,
    });
  const store = openStudyStorage(storage);
  try {
    const study = Study.open({ store, name });
    if (study) return study.settings;
    const names = store.listStudies().map((s) => s.name);
    throw new TuneRagError(
      'cli',
      `${optionRef('study')}: no study "${name}" in ${storage}.${didYouMean(name, names)}`,
      {
        hint: names.length
          ? `stored studies: ${names.join(', ')}`
          : 'the database holds no study yet: start one with tune',
      },
    );
  } finally {
    store.close();
  }
}
