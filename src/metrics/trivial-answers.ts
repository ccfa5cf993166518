import { z } from 'zod';
import type { QaItem } from '../data/dataset-schema.js';
import { ANSWER_METRICS } from './answer-metrics.js';

/** Twenty of the commonest English stop-words: an answer that says nothing. */
export const STOPWORD_ANSWER = 'the of and to in is it that was for on are as with by at this from be or';

/** The three answers every study scores, by name, with how each is made from a question. */
export const TRIVIAL_ANSWERS = {
  empty: () => '',
  echo: (item: QaItem) => item.question,
  stopwords: () => STOPWORD_ANSWER,
} as const satisfies Record<string, (item: QaItem) => string>;

export type TrivialAnswerName = keyof typeof TRIVIAL_ANSWERS;

/** What the trivial answers scored: mean of `metric` over `questions` questions with references. */
export const TrivialAnswersSchema = z.object({
  metric: z.string(),
  questions: z.number(),
  scores: z.object({ empty: z.number(), echo: z.number(), stopwords: z.number() }),
});
export type TrivialAnswers = z.infer<typeof TrivialAnswersSchema>;

/**
 * Scores the empty answer, the question echoed and {@link STOPWORD_ANSWER} on `questions` with
 * an offline answer metric: pure string scoring, no pipeline runs. Questions without reference
 * answers are skipped (their answer metrics are null in trials too). Null when no question has
 * references or `metric` is not an offline answer metric (e.g. judge_correctness).
 * Called when a study starts (on the first rung's questions) and by `run`.
 */
export function scoreTrivialAnswers(options: { questions: readonly QaItem[]; metric: string }): TrivialAnswers | null {
  const metric = ANSWER_METRICS[options.metric];
  const scored = options.questions.filter((item) => item.answers.length > 0);
  if (!metric || scored.length === 0) return null;
  const meanOf = (make: (item: QaItem) => string) =>
    scored.reduce((sum, item) => sum + metric({ prediction: make(item), references: item.answers }), 0) / scored.length;
  return {
    metric: options.metric,
    questions: scored.length,
    scores: {
      empty: meanOf(TRIVIAL_ANSWERS.empty),
      echo: meanOf(TRIVIAL_ANSWERS.echo),
      stopwords: meanOf(TRIVIAL_ANSWERS.stopwords),
    },
  };
}

const LABELS: Record<TrivialAnswerName, string> = {
  empty: 'the empty answer',
  echo: 'the question echoed',
  stopwords: 'a fixed stop-word string',
};

/**
 * The loud warning when a trivial answer reaches a pipeline's quality on the same metric: the
 * best configuration when given, else (or also) the baseline. Null when every trivial answer
 * stays below, or nothing is known to compare with. The hint names a metric filler cannot win.
 */
export function trivialAnswerWarning(options: {
  trivial: TrivialAnswers;
  pipelines: readonly { label: string; value: number | null | undefined }[];
}): string | null {
  const { trivial } = options;
  const [name, score] = (Object.entries(trivial.scores) as [TrivialAnswerName, number][]).reduce((top, entry) =>
    entry[1] > top[1] ? entry : top,
  );
  // A trivial answer that scores nothing games nothing: a pipeline at 0 is then simply wrong, which its own metrics show.
  if (!(score > 0)) return null;
  const reached = options.pipelines.find((p) => typeof p.value === 'number' && score >= p.value);
  if (!reached) return null;
  const instead = trivial.metric.startsWith('content_')
    ? 'weigh retrieval more (--weights) and check answers with an LLM judge (tune-rag run --judge)'
    : 'use content_f1 (--objectives content_f1,retrieval,latency,cost) or check answers with an LLM judge (tune-rag run --judge)';
  return (
    `${LABELS[name]} scores ${score.toFixed(3)} on ${trivial.metric}, at or above the ${reached.label} (${(reached.value as number).toFixed(3)}): ` +
    `${trivial.metric} does not tell real answers from filler on this dataset; ${instead}`
  );
}
