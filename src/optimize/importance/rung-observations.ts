import type { Config } from '../../space/parameter-schema.js';
import type { ObjectiveValues, TrialRecord } from '../../store/trial.js';

/** The trials that reached one rung, with their objective values at that rung. */
export interface RungObservations {
  rung: number;
  /** Questions of the rung (rungs are nested prefixes, so the same for every trial on it). */
  questions: number;
  rows: { trial: number; config: Config; objectives: ObjectiveValues }[];
}

/**
 * Every finished rung of every complete or pruned trial, grouped by rung, lowest rung first.
 * A pruned trial contributes the rungs it reached: it was stopped for looking bad, which is
 * exactly the information about bad regions an importance estimate needs. Failed trials are left
 * out (a failure is not a score), as are waiting and running ones.
 */
export function rungObservations(options: { trials: readonly TrialRecord[] }): RungObservations[] {
  const byRung = new Map<number, RungObservations>();
  for (const trial of options.trials) {
    if (trial.state !== 'complete' && trial.state !== 'pruned') continue;
    for (const result of trial.rungs) {
      const entry = byRung.get(result.rung) ?? { rung: result.rung, questions: result.questions, rows: [] };
      entry.questions = Math.max(entry.questions, result.questions);
      entry.rows.push({ trial: trial.number, config: trial.config, objectives: result.objectives });
      byRung.set(result.rung, entry);
    }
  }
  return [...byRung.values()].sort((a, b) => a.rung - b.rung);
}
