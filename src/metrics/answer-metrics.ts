import { answerContainment } from './answer-containment.js';
import { contentF1 } from './content-f1.js';
import { contentRougeL } from './content-rouge-l.js';
import { exactMatch } from './exact-match.js';
import { rougeL } from './rouge-l.js';
import { tokenF1 } from './token-f1.js';

/** An answer metric: a prediction scored against its references, in [0, 1]. */
export type AnswerMetric = (options: { prediction: string; references: readonly string[] }) => number;

/**
 * The offline answer metrics by summary key, for scoring strings that did not come from a
 * pipeline (trivial answers). Judge metrics are absent: they need an LLM.
 */
export const ANSWER_METRICS: Readonly<Record<string, AnswerMetric>> = {
  exact_match: exactMatch,
  f1: tokenF1,
  containment: answerContainment,
  rouge_l: rougeL,
  content_f1: contentF1,
  content_rouge_l: contentRougeL,
};
