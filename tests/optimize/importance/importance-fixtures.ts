import { newTrialRecord, type ObjectiveValues, type TrialRecord, type TrialState } from '../../../src/store/trial.js';
import type { Config } from '../../../src/space/parameter-schema.js';

/** A finished trial with the given rungs (rung i on `questions[i]` questions), for importance tests. */
export function historyTrial(options: {
  number: number;
  config: Config;
  rungs: ObjectiveValues[];
  questions?: number[];
  state?: TrialState;
}): TrialRecord {
  const { number, config, rungs, questions = [10, 30, 90], state = 'complete' } = options;
  const results = rungs.map((objectives, rung) => ({ rung, questions: questions[rung], metrics: {}, objectives }));
  return newTrialRecord({
    id: number + 1,
    studyId: 1,
    number,
    state,
    config,
    configHash: `h${number}`,
    proposer: 'test',
    rationale: '',
    rungs: results,
    objectives: results.at(-1)?.objectives ?? null,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 0,
  });
}
