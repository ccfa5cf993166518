import { z } from 'zod';
import type { QaItem } from '../data/dataset-schema.js';
import { contentTokens } from './content-tokens.js';
import { percentile } from '../stats/percentile.js';

/**
 * Median content tokens (of each question's longest reference) from which a dataset counts as
 * long-form. Extractive sets sit far below: SQuAD v1.1 dev, HotpotQA and the demo set all have a
 * median of 2 and a 90th percentile of 3-5; a one-sentence answer has 6 or more.
 */
export const LONG_FORM_MIN_TOKENS = 6;

/** Which answer metric the `quality` objective uses on a dataset, and why; stored with a study. */
export const QualityMetricChoiceSchema = z.object({
  metric: z.enum(['f1', 'content_f1']),
  /** Median over questions with answers of their longest reference's content-token count. */
  medianReferenceTokens: z.number(),
  /** One line for people: the figure, the threshold and the decision. */
  reason: z.string(),
});
export type QualityMetricChoice = z.infer<typeof QualityMetricChoiceSchema>;

/**
 * The documented rule for the default quality metric: short extractive answers (median content
 * tokens below {@link LONG_FORM_MIN_TOKENS}) are scored with SQuAD token F1; long-form answers
 * with content-token F1, which filler words or an echoed question cannot win. Deterministic: it
 * reads only the reference answers of all the dataset's questions (not a seeded sample), so every
 * study on one dataset gets the same metric. Called when a study starts and by `run`.
 */
export function chooseQualityMetric(options: { questions: readonly QaItem[] }): QualityMetricChoice {
  const lengths = options.questions
    .filter((item) => item.answers.length > 0)
    .map((item) => Math.max(...item.answers.map((answer) => contentTokens(answer).length)));
  const median = percentile({ values: lengths, p: 50 }) ?? 0;
  const longForm = median >= LONG_FORM_MIN_TOKENS;
  const metric = longForm ? 'content_f1' : 'f1';
  const reason = `reference answers have a median of ${median} content tokens (${longForm ? '>=' : '<'} ${LONG_FORM_MIN_TOKENS}: ${longForm ? 'long-form' : 'short extractive'}), so quality is ${metric}`;
  return { metric, medianReferenceTokens: median, reason };
}
