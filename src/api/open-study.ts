import { optionRef, TuneRagError } from '../errors.js';
import { didYouMean } from '../names/suggest-name.js';
import { Study } from '../optimize/study.js';
import type { StudySettings } from '../optimize/study-settings.js';
import { summarizeStudy, type StudySummary } from '../optimize/study-summary.js';
import { openStudyStorage, resolveStudyStorage, studyStorageExists } from '../store/open-study-storage.js';
import type { TrialRecord } from '../store/trial.js';
import { resolveWorkspacePaths } from '../workspace/workspace.js';

/** A stored study as read by `openStudy`: a snapshot, the store is closed again. */
export interface StoredStudy {
  name: string;
  /** The settings the study started with (space, objectives, weights, rungs, seed, budget). */
  settings: StudySettings;
  /** Best trial, Pareto front, leaderboard, counts, importance: what `tune` returned. */
  summary: StudySummary;
  trials: TrialRecord[];
}

/**
 * Reads a stored study (from `tune`, or the CLI) without changing it.
 *
 * @throws TuneRagError ('store') naming the `name` option when no study of that name is stored
 * (with the nearest stored name), or the `storage` option when the database does not exist.
 */
export function openStudy(options: { name: string; storage?: string; cwd?: string }): StoredStudy {
  const cwd = options.cwd ?? process.cwd();
  const location = resolveStudyStorage({
    storage: options.storage,
    cwd,
    workspaceDir: resolveWorkspacePaths({ cwd }).dir,
  });
  if (!studyStorageExists(location))
    throw new TuneRagError('store', `${optionRef('storage')}: no study database at ${location}`, {
      hint: 'run tune first, or pass the database the study was stored in',
    });
  const store = openStudyStorage(location);
  try {
    const study = Study.open({ store, name: options.name });
    if (!study) {
      const names = store.listStudies().map((s) => s.name);
      throw new TuneRagError(
        'store',
        `${optionRef('name')}: no study "${options.name}" in ${store.location}.${didYouMean(options.name, names)}`,
        { hint: names.length ? `Stored: ${names.join(', ')}` : 'The database holds no study yet.' },
      );
    }
    return { name: study.name, settings: study.settings, summary: summarizeStudy(study), trials: study.trials() };
  } finally {
    store.close();
  }
}
