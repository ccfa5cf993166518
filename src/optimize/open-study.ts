import { optionRef, TuneRagError } from '../errors.js';
import { suggestName } from '../names/suggest-name.js';
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
 * - `resume` of a study that is not stored starts it, with a `note` saying so (a run killed during
 *   start-up never recorded it), unless an explicit name is one typo away from a stored study.
 * - `requested` holds the settings the caller chose explicitly (not left to a default); reopening
 *   a study stored with another value of one of them is an error naming the option and the
 *   stored value, since the stored settings would silently win.
 * A new study starts with the baseline as trial #0, the reference every result is compared with.
 */
export function openOrCreateStudy(options: {
  store: StudyStore;
  name: string;
  settings: StudySettings;
  resume: boolean;
  sameCommandResumes?: boolean;
  baseline: Config;
  requested?: { pruner?: string };
}): { study: Study; resumed: boolean; opening: StudyOpening; note: string | null } {
  const { store, name, settings } = options;
  const existing = Study.open({ store, name });
  if (existing) {
    const sameCommand = !options.resume && options.sameCommandResumes === true;
    if (!options.resume && !sameCommand) {
      const count = existing.trials().length;
      throw new TuneRagError('cli', `study "${name}" already exists (${count} trials)`, {
        hint: `Pass ${optionRef('resume')} to continue it, or ${optionRef('study')} NEW_NAME to start another (without ${optionRef('study')}, the same command resumes its own study).`,
      });
    }
    if (existing.settings.dataset.fingerprint !== settings.dataset.fingerprint) {
      throw new TuneRagError(
        'cli',
        `cannot resume study "${name}": the dataset changed since it started (fingerprint ${existing.settings.dataset.fingerprint}, now ${settings.dataset.fingerprint})`,
        {
          hint: `Results on different data are not comparable: start a new study with ${optionRef('study')} NEW_NAME.`,
        },
      );
    }
    const pruner = options.requested?.pruner;
    if (pruner !== undefined && pruner !== existing.settings.pruner) {
      throw new TuneRagError(
        'cli',
        `cannot resume study "${name}" with ${optionRef('pruner')} ${pruner}: it was started with ${optionRef('pruner')} ${existing.settings.pruner}`,
        {
          hint: `Leave out ${optionRef('pruner')} to continue with ${existing.settings.pruner}, or start a new study with ${optionRef('study')} NEW_NAME.`,
        },
      );
    }
    // The name carries only a prefix of the identity; a (very unlikely) prefix collision must not
    // resume somebody else's search.
    if (sameCommand && studyIdentity(existing.settings) !== studyIdentity(settings)) {
      throw new TuneRagError(
        'cli',
        `study "${name}" already exists with different settings (space, objectives, seed, proposer, rungs or pruner)`,
        {
          hint: `Name this search explicitly with ${optionRef('study')} NEW_NAME.`,
        },
      );
    }
    // Killed between recording the study and queueing its baseline: queue it now, so #0 is still the reference.
    if (existing.trials().length === 0) enqueueBaseline(existing, options.baseline);
    return { study: existing, resumed: true, opening: sameCommand ? 'same-command' : 'resumed', note: null };
  }
  let note: string | null = null;
  if (options.resume) {
    // A run killed while it was starting (loading modules and the dataset, before this function
    // ran) left nothing to resume and lost nothing: --resume then starts the study, and says so.
    // Only a name one typo away from a stored study is refused, as a likely misspelling.
    const known = store.listStudies().map((s) => s.name);
    const close = options.sameCommandResumes === true ? undefined : suggestName(name, known);
    if (close) {
      throw new TuneRagError('cli', `no study "${name}" to resume. Did you mean "${close}"?`, {
        hint: `Pass ${optionRef('study')} ${close} ${optionRef('resume')}, or start "${name}" without ${optionRef('resume')} (studies here: tune-rag runs).`,
      });
    }
    note = `no study "${name}" was stored yet (an earlier run was stopped before it recorded the study, or the name is new), so --resume starts it now${known.length ? `; stored studies: ${known.join(', ')}` : ''}`;
  }
  const study = Study.create({ store, name, settings });
  enqueueBaseline(study, options.baseline);
  return { study, resumed: false, opening: 'created', note };
}

function enqueueBaseline(study: Study, baseline: Config): void {
  study.enqueue({
    proposals: [
      {
        config: baseline,
        rationale: 'the starting configuration (pipelines/baseline.json), the reference for improvements',
      },
    ],
    proposer: 'baseline',
  });
}
