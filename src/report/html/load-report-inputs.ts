import { existsSync } from 'node:fs';
import { loadDataset } from '../../data/load-dataset.js';
import type { Dataset } from '../../data/dataset-schema.js';
import { EvalHistoryStore, type EvalHistoryRecord } from '../../regression/eval-history-store.js';
import type { StudySettings } from '../../optimize/study-settings.js';

/**
 * Loads the study's dataset for the drill-down's texts. Never throws: when the dataset is gone or
 * changed, the report still renders with ids only and says why.
 */
export async function loadStudyDataset(
  settings: StudySettings,
  cwd: string,
): Promise<{ dataset?: Dataset; note?: string }> {
  const { source, fingerprint } = settings.dataset;
  try {
    const dataset = await loadDataset({ spec: source, cwd });
    if (dataset.fingerprint !== fingerprint) {
      return {
        dataset,
        note: `The dataset at ${source} has changed since this study ran (fingerprint ${dataset.fingerprint.slice(0, 12)} ≠ ${fingerprint.slice(0, 12)}): question and chunk texts below are from the current files and may not match.`,
      };
    }
    return { dataset };
  } catch (error) {
    return {
      note: `Question and chunk texts are not shown: the study's dataset ${source} could not be loaded (${(error as Error).message.split('\n')[0]}). Only ids are listed.`,
    };
  }
}

/** Eval runs from the history file when it exists; never creates the file. */
export function loadEvalHistory(path: string): { runs: EvalHistoryRecord[]; note?: string } {
  if (!existsSync(path)) return { runs: [], note: `No eval history at ${path} (run tune-rag eval to record one).` };
  let store: EvalHistoryStore | undefined;
  try {
    store = new EvalHistoryStore(path);
    const runs = store.list();
    return { runs, note: runs.length ? undefined : `The eval history at ${path} has no runs yet.` };
  } catch (error) {
    return { runs: [], note: `The eval history at ${path} could not be read: ${(error as Error).message}` };
  } finally {
    store?.close();
  }
}
