import { TuneRagError } from '../errors.js';
import type { Config } from '../space/parameter-schema.js';
import type { StudyStore } from '../store/study-store.js';
import { studyIdentity } from './default-study-name.js';
import { Study } from './study.js';
import type { StudySettings } from './study-settings.js';

/** How a study was opened: created now, reopened by --resume, or reopened because the same command ran before. */
export type StudyOpening = 'created' | 'resumed' | 'same-command';

/**
 * Creates a study, or reopens it. Refuses to silently mix runs:
 * - `resume`: reopens an existing study (its stored settings win), unless its dataset content changed;
 * - `sameCommandResumes` (the name was derived from the dataset fingerprint and the settings by
 *   `defaultStudyName`): an existing study of that name is this very search, so it is reopened
 *   without --resume; nothing finished is recomputed and a larger budget continues it;
 * - otherwise an existing name (an explicit `--study`) is an error saying what to do, because a
 *   reused name may belong to a different search.
 * A new study starts with the baseline as trial #0, the reference every result is compared with.
 */
export function openOrCreateStudy(options: { store: StudyStore; name: string; settings: StudySettings; resume: boolean; sameCommandResumes?: boolean; baseline: Config }): { study: Study; resumed: boolean; opening: StudyOpening } {
  const { store, name, settings } = options;
  const existing = Study.open({ store, name });
  if (existing) {
    const sameCommand = !options.resume && options.sameCommandResumes === true;
    if (!options.resume && !sameCommand) {
      const count = existing.trials().length;
      throw new TuneRagError('cli', `study "${name}" already exists (${count} trials)`, {
        hint: `Pass --resume to continue it, or --study NEW_NAME to start another (without --study, the same command resumes its own study).`,
      });
    }
    if (existing.settings.dataset.fingerprint !== settings.dataset.fingerprint) {
      throw new TuneRagError('cli', `cannot resume study "${name}": the dataset changed since it started (fingerprint ${existing.settings.dataset.fingerprint}, now ${settings.dataset.fingerprint})`, {
        hint: 'Results on different data are not comparable: start a new study with --study NEW_NAME.',
      });
    }
    // The name carries only a prefix of the identity; a (very unlikely) prefix collision must not
    // resume somebody else's search.
    if (sameCommand && studyIdentity(existing.settings) !== studyIdentity(settings)) {
      throw new TuneRagError('cli', `study "${name}" already exists with different settings (space, objectives, seed, proposer or rungs)`, {
        hint: 'Name this search explicitly with --study NEW_NAME.',
      });
    }
    return { study: existing, resumed: true, opening: sameCommand ? 'same-command' : 'resumed' };
  }
  if (options.resume) {
    const known = store.listStudies().map((s) => s.name);
    throw new TuneRagError('cli', `no study "${name}" to resume`, { hint: known.length ? `Studies here: ${known.join(', ')} (see tune-rag runs).` : 'Start it without --resume.' });
  }
  const study = Study.create({ store, name, settings });
  study.enqueue({ proposals: [{ config: options.baseline, rationale: 'the starting configuration (pipelines/baseline.json), the reference for improvements' }], proposer: 'baseline' });
  return { study, resumed: false, opening: 'created' };
}
