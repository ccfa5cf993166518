import pLimit from 'p-limit';
import type { QaItem } from '../data/dataset-schema.js';
import type { QuestionOutcome } from '../metrics/question-outcome.js';
import type { AnswerJudge, Judgement } from '../providers/judges/answer-judge.js';

/** Judges every outcome of a run (in question order), as concurrently as the questions ran. */
export function judgeOutcomes(options: {
  judge: AnswerJudge;
  questions: readonly QaItem[];
  outcomes: readonly QuestionOutcome[];
  concurrency?: number;
}): Promise<Judgement[]> {
  const { judge, outcomes } = options;
  const limit = pLimit(options.concurrency ?? 1);
  return Promise.all(options.questions.map((item, i) => limit(() => judge.judge({ item, outcome: outcomes[i] }))));
}
