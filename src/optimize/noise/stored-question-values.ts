import type { QuestionValue } from '../../metrics/paired-comparison.js';
import type { QuestionResult } from '../../store/trial.js';
import { questionValues } from './question-values.js';
import type { QuestionValuesOf } from './verdict-matrix.js';

/**
 * Per-question values read from a study store, for paired comparisons: `rungOf` says which rung
 * of a trial a decision compares (the rung being decided on, or a complete trial's highest).
 * Each trial's results are read once per source and each metric extracted once, so one decision
 * over N peers reads N rungs. A trial without stored results (older rows) compares unpaired.
 */
export function storedQuestionValues(options: {
  questionResults: (query: { trialId: number; rung: number }) => QuestionResult[];
  rungOf: (trialId: number) => number | undefined;
}): QuestionValuesOf {
  const results = new Map<number, QuestionResult[]>();
  const values = new Map<string, QuestionValue[] | undefined>();
  return (candidate, metric) => {
    const key = `${candidate.id}\u0000${metric}`;
    if (values.has(key)) return values.get(key);
    let questions = results.get(candidate.id);
    if (!questions) {
      const rung = options.rungOf(candidate.id);
      questions = rung === undefined ? [] : options.questionResults({ trialId: candidate.id, rung });
      results.set(candidate.id, questions);
    }
    const extracted = questions.length === 0 ? undefined : questionValues({ questions, metric });
    values.set(key, extracted);
    return extracted;
  };
}
