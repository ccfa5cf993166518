import { isBareNumberOrYesNo } from './answer-shape.js';
import type { QaItem } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { countText, pctText } from './warning-text.js';

/** Below this share of answers found verbatim in the corpus, the answers are long-form or paraphrased. */
export const MIN_VERBATIM_SHARE = 0.5;
/** From this share of questions whose answers are all bare numbers or yes/no, answer matching says little. */
export const MAX_SHORT_ANSWER_SHARE = 0.5;

/**
 * Warnings about the reference answers: rarely verbatim in the corpus (extractive metrics then
 * understate good answers), or mostly bare numbers / yes-no (containment then proves nothing).
 * `answersInCorpus` is the inspect report's share (null when no question has answers).
 */
export function answerWarnings(options: {
  questions: readonly QaItem[];
  answersInCorpus: number | null;
}): DatasetWarning[] {
  const warnings: DatasetWarning[] = [];
  const { answersInCorpus } = options;
  const answered = options.questions.filter((q) => q.answers.length > 0);
  if (answersInCorpus !== null && answersInCorpus < MIN_VERBATIM_SHARE) {
    warnings.push({
      code: 'answers-not-verbatim',
      value: answersInCorpus,
      threshold: MIN_VERBATIM_SHARE,
      message: `only ${pctText(answersInCorpus)} of questions with answers have an answer verbatim in the corpus (warn below ${pctText(MIN_VERBATIM_SHARE)}): the answers are long-form or paraphrased, so token F1, exact match and containment understate good answers — score answers with content_f1 or content_rouge_l, or with an LLM judge (--judge)`,
    });
  }
  const short = answered.filter((q) => q.answers.every(isBareNumberOrYesNo)).length;
  const shortShare = answered.length === 0 ? 0 : short / answered.length;
  if (answered.length > 0 && shortShare >= MAX_SHORT_ANSWER_SHARE) {
    const withoutGold = options.questions.some(
      (q) => (q.gold_doc_ids?.length ?? 0) === 0 && (q.answer_spans?.length ?? 0) === 0,
    );
    const advice = withoutGold
      ? 'add gold_doc_ids or answer_spans so retrieval is judged by them'
      : 'retrieval is judged by your gold documents, but answer scores are all or nothing: consider an LLM judge (--judge)';
    warnings.push({
      code: 'short-answers',
      value: shortShare,
      threshold: MAX_SHORT_ANSWER_SHARE,
      message: `${pctText(shortShare)} of questions with answers (${countText(short)} of ${countText(answered.length)}) have only bare numbers or yes/no as answers (warn from ${pctText(MAX_SHORT_ANSWER_SHARE)}): such a string occurs on unrelated pages, so a chunk containing it is no evidence of relevance — ${advice}`,
    });
  }
  return warnings;
}
