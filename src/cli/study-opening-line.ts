import { countsTowardBudget, type Study } from '../optimize/study.js';
import type { StudyOpening } from '../optimize/open-study.js';

/**
 * The line `tune` and `chat` print after opening an existing study: how many trials of the budget
 * are already done and whether anything is left to run, so a second run of the same command says
 * plainly that it reused the first one's results. Null for a new study (nothing to report).
 */
export function studyOpeningLine(options: { study: Study; opening: StudyOpening; budget: number }): string | null {
  const { study, opening, budget } = options;
  if (opening === 'created') return null;
  const done = study.trials().filter(countsTowardBudget).length;
  const left = budget - done;
  const why = opening === 'same-command' ? 'this command ran before on the same dataset and settings: ' : '';
  const progress =
    left <= 0 ? `${done}/${budget} trials done, nothing to run` : `${done}/${budget} trials done, ${left} to run`;
  const next =
    left <= 0 && opening === 'same-command'
      ? ' (a larger --budget continues it; --study NAME starts a separate study)'
      : '';
  return `${why}${progress}${next}`;
}
