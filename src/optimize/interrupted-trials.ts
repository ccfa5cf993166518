import type { TrialRecord } from '../store/trial.js';

/**
 * Error text of trials cut short by a crash or Ctrl-C; they are re-enqueued and do not use budget.
 * Kept apart from study.ts so the summary (which the study delegates to) can use it without an
 * import cycle between the two.
 */
export const INTERRUPTED = 'interrupted';

/** Trials that used budget: finished, except those cut short by an interruption. */
export function countsTowardBudget(trial: TrialRecord): boolean {
  return (
    trial.state === 'complete' || trial.state === 'pruned' || (trial.state === 'failed' && trial.error !== INTERRUPTED)
  );
}
