import { TuneRagError } from '../errors.js';
import type { Config } from '../space/parameter-schema.js';
import type { StudyStore } from '../store/study-store.js';
import { Study } from './study.js';
import type { StudySettings } from './study-settings.js';

/**
 * Creates a study, or reopens it with `resume`. Refuses to silently mix runs: an existing name
 * without --resume, or a resume whose dataset content changed, is an error saying what to do.
 * A new study starts with the baseline as trial #0, the reference every result is compared with.
 */
export function openOrCreateStudy(options: { store: StudyStore; name: string; settings: StudySettings; resume: boolean; baseline: Config }): { study: Study; resumed: boolean } {
  const { store, name, settings } = options;
  const existing = Study.open({ store, name });
  if (existing) {
    if (!options.resume) {
      const count = existing.trials().length;
      throw new TuneRagError('cli', `study "${name}" already exists (${count} trials)`, {
        hint: `Pass --resume to continue it, or --study NEW_NAME to start another.`,
      });
    }
    if (existing.settings.dataset.fingerprint !== settings.dataset.fingerprint) {
      throw new TuneRagError('cli', `cannot resume study "${name}": the dataset changed since it started (fingerprint ${existing.settings.dataset.fingerprint}, now ${settings.dataset.fingerprint})`, {
        hint: 'Results on different data are not comparable: start a new study with --study NEW_NAME.',
      });
    }
    return { study: existing, resumed: true };
  }
  if (options.resume) {
    const known = store.listStudies().map((s) => s.name);
    throw new TuneRagError('cli', `no study "${name}" to resume`, { hint: known.length ? `Studies here: ${known.join(', ')} (see tune-rag runs).` : 'Start it without --resume.' });
  }
  const study = Study.create({ store, name, settings });
  study.enqueue({ proposals: [{ config: options.baseline, rationale: 'the starting configuration (pipelines/baseline.json), the reference for improvements' }], proposer: 'baseline' });
  return { study, resumed: false };
}
