import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';
import type { ComponentParameter } from './component-parameter.js';

export interface RerankCandidate {
  chunkIndex: number;
  text: string;
  title?: string;
  /** First-stage score (higher is better; scale depends on the retriever). */
  score: number;
}

/** Reorders first-stage candidates. Returns all of them (or fewer), best first. */
export interface Reranker {
  readonly name: string;
  /** Part of the rerank stage's cache key. */
  readonly version: string;
  readonly description: string;
  /** Its own parameters (`<name>.<knob>`), if any; their values arrive as `params.settings`. */
  readonly parameters?: readonly ComponentParameter[];
  /**
   * Remote components: `usage` (read back from the stage cache) priced by the price table in force,
   * since a price given later (`--prices`) must price answers cached before it. Local ones omit it.
   */
  priceUsage?(usage: Usage): Usage;
  /** Remote rerankers report `timing` and throw an LlmError with usage on failure, like generators. */
  rerank(options: {
    question: string;
    candidates: RerankCandidate[];
    /** Component-specific knobs from the config (e.g. MMR lambda). */
    params: Record<string, unknown>;
  }): Promise<{
    ranked: { chunkIndex: number; score: number }[];
    usage: Usage;
    timing?: CallTiming;
    /** Model rerankers only: the reply was not a permutation and was repaired (counted as `rerank_repairs`). */
    repaired?: boolean;
  }>;
}
