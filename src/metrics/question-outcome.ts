import type { Usage } from '../accounting/usage.js';
import type { Chunk } from '../chunking/chunk.js';

/** What a model reranker did for one question (see `QuestionOutcome.rerank`). */
export type RerankStatus = 'ok' | 'repaired' | 'fallback';

/** What the pipeline did for one question: the raw material of every metric. */
export interface QuestionOutcome {
  questionId: string;
  /** Chunk indices of the final top-k (after reranking), best first. */
  retrieved: number[];
  /** Chunk indices actually given to the generator (top-k packed to the context budget). */
  contextChunks: number[];
  /** The exact context text the generator saw. */
  context: string;
  /**
   * The context's passages with their document offsets, when a context stage (expand, compress,
   * reorder) reshaped the hits; "at context" metrics judge these instead of `contextChunks`.
   */
  seen?: Chunk[];
  answer: string | null;
  /**
   * Query-time latency (retrieve + rerank + generate), as recorded when first computed. For LLM
   * calls it is the successful attempt's time: retries and back-off are in `retryWaitMs`.
   * 0 for a failed question, which latency percentiles leave out.
   */
  latencyMs: number;
  /** Latency of each per-question stage by name (retrieve, rerank, generate, and any added); sums to `latencyMs`. */
  stageLatencyMs: Record<string, number>;
  /** Time the question's LLM calls lost to failed attempts and back-off sleeps (ms). */
  retryWaitMs: number;
  /** Everything spent, including the paid calls of a question that then failed. */
  usage: Usage;
  /** Set when a stage failed for this question; such outputs are never cached. */
  error?: string;
  /**
   * A model reranker's result: `ok`, `repaired` (its ranking was not a permutation and was fixed),
   * or `fallback` (its call failed, the first-stage order was used and nothing after the rerank
   * step was cached). Absent for local rerankers and no reranker.
   */
  rerank?: RerankStatus;
}
