import { z } from 'zod';
import type { QaItem } from '../data/dataset-schema.js';
import type { Chunk } from '../chunking/chunk.js';
import { answerContainment } from './answer-containment.js';
import { judgeRanking } from './chunk-relevance.js';
import { contentF1 } from './content-f1.js';
import { contentRougeL } from './content-rouge-l.js';
import { contextRetrievalScores } from './context-retrieval.js';
import { exactMatch } from './exact-match.js';
import { faithfulness } from './faithfulness.js';
import { hitAtK } from './hit-rate.js';
import { reciprocalRank } from './mrr.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { precisionAtK } from './precision-at-k.js';
import { recallAtK } from './recall-at-k.js';
import { rougeL } from './rouge-l.js';
import { tokenF1 } from './token-f1.js';

const score = z.number().min(0).max(1).nullable();

/**
 * Every metric of one question, each in [0, 1] or null when it does not apply. Null is "not
 * applicable" and is left out of means; it is never a disguised 0. A question whose pipeline
 * failed scores 0 on every metric that applies to it (see {@link scoreQuestion}).
 */
export const QuestionScoresSchema = z.object({
  /** Answer metrics: null when the item has no reference answers or (retrieval-only) no answer was generated. */
  exact_match: score,
  f1: score,
  containment: score,
  rouge_l: score,
  /** Content-token answer metrics (stop-words and punctuation removed, stemmed). */
  content_f1: score,
  content_rouge_l: score,
  /**
   * Retrieval metrics over the top k after rerank: null when the item has no gold units (no
   * gold, no searchable answer).
   */
  recall_at_k: score,
  precision_at_k: score,
  mrr: score,
  ndcg_at_k: score,
  hit_rate: score,
  /** The same over the chunks that entered the generator's context (see contextRetrievalScores). */
  recall_at_context: score,
  precision_at_context: score,
  mrr_at_context: score,
  ndcg_at_context: score,
  hit_at_context: score,
  /** Null when no answer was generated or it has no content terms; 0 for a failed question. */
  faithfulness: score,
});
export type QuestionScores = z.infer<typeof QuestionScoresSchema>;

/** Names of the per-question metrics, in display order. */
export const QUESTION_SCORE_KEYS = QuestionScoresSchema.keyof().options;

/**
 * Score one question of one trial. Called once per question after the pipeline ran.
 *
 * @param options.retrieved the chunks in rank order after rerank; the first `k` are judged by
 *   the `_at_k` metrics.
 * @param options.seen the chunks that entered the generator's context, in rank order, a cut
 *   chunk as the prefix the generator saw; judged by the `_at_context` metrics. Omitted for
 *   retrieval-only scoring (nothing reads the chunks): the context is then the top `k`, what a
 *   downstream reader would be handed.
 * @param options.answer the generated answer, or null for retrieval-only pipelines.
 * @param options.context the exact context text handed to the generator (for faithfulness).
 * @param options.failed the pipeline failed on this question (its outcome has an error). It then
 *   scores 0 on every metric that applies to the item (answer metrics when it has references,
 *   retrieval metrics when it has gold units, faithfulness always), the rule the LLM judge uses:
 *   a failure is a wrong answer, so a configuration failing on the hard questions cannot score
 *   higher than one that answers them badly. Null stays null only where the item has nothing
 *   to score against.
 */
export function scoreQuestion(options: {
  item: QaItem;
  retrieved: readonly Chunk[];
  seen?: readonly Chunk[];
  k: number;
  answer: string | null;
  context: string;
  failed?: boolean;
}): QuestionScores {
  const { item, k } = options;
  const failed = options.failed ?? false;
  // A failed question is scored as if nothing came back, then every applicable score is forced to 0.
  const answer = failed ? '' : options.answer;
  const topK = failed ? [] : options.retrieved.slice(0, Math.max(0, k));
  const ranking = judgeRanking({ retrieved: topK, item });
  const references = item.answers;
  const answerMetric = (metric: (o: { prediction: string; references: readonly string[] }) => number) =>
    answer === null || references.length === 0 ? null : metric({ prediction: answer, references });
  const scores: QuestionScores = {
    exact_match: answerMetric(exactMatch),
    f1: answerMetric(tokenF1),
    containment: answerMetric(answerContainment),
    rouge_l: answerMetric(rougeL),
    content_f1: answerMetric(contentF1),
    content_rouge_l: answerMetric(contentRougeL),
    recall_at_k: recallAtK({ ranking, k }),
    precision_at_k: precisionAtK({ ranking, k }),
    mrr: reciprocalRank({ ranking, k }),
    ndcg_at_k: ndcgAtK({ ranking, k }),
    hit_rate: hitAtK({ ranking, k }),
    ...contextRetrievalScores({ seen: failed ? [] : (options.seen ?? topK), item }),
    faithfulness: failed ? 0 : faithfulness({ answer, context: options.context }),
  };
  return failed ? zeroApplicable(scores) : scores;
}

/** Every non-null score set to 0 (null = not applicable to this item, which a failure does not change). */
function zeroApplicable(scores: QuestionScores): QuestionScores {
  return Object.fromEntries(
    Object.entries(scores).map(([key, value]) => [key, value === null ? null : 0]),
  ) as QuestionScores;
}
