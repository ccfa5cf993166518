import type { QaItem } from '../data/dataset-schema.js';
import type { Chunk } from '../chunking/chunk.js';
import { judgeRanking } from './chunk-relevance.js';
import { hitAtK } from './hit-rate.js';
import { reciprocalRank } from './mrr.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { precisionAtK } from './precision-at-k.js';
import { recallAtK } from './recall-at-k.js';

/** Retrieval metrics over the chunks the generator saw; each null when the question has no gold. */
export interface ContextRetrievalScores {
  recall_at_context: number | null;
  precision_at_context: number | null;
  mrr_at_context: number | null;
  ndcg_at_context: number | null;
  hit_at_context: number | null;
}

/**
 * Retrieval metrics over the context: the chunks that entered the generator's prompt after
 * reranking and packing, in rank order, cut ones as the prefix the generator saw (see
 * `contextViews`). The cutoff is the number of those chunks, so recall here is what the answer
 * step could use, not what the retriever returned. An empty context (a failed question) scores
 * 0 on all five when the question has gold: nothing reached the generator.
 */
export function contextRetrievalScores(options: { seen: readonly Chunk[]; item: QaItem }): ContextRetrievalScores {
  const ranking = judgeRanking({ retrieved: options.seen, item: options.item });
  const k = options.seen.length;
  if (ranking.goldUnitCount === 0) {
    return {
      recall_at_context: null,
      precision_at_context: null,
      mrr_at_context: null,
      ndcg_at_context: null,
      hit_at_context: null,
    };
  }
  if (k === 0)
    return { recall_at_context: 0, precision_at_context: 0, mrr_at_context: 0, ndcg_at_context: 0, hit_at_context: 0 };
  return {
    recall_at_context: recallAtK({ ranking, k }),
    precision_at_context: precisionAtK({ ranking, k }),
    mrr_at_context: reciprocalRank({ ranking, k }),
    ndcg_at_context: ndcgAtK({ ranking, k }),
    hit_at_context: hitAtK({ ranking, k }),
  };
}
