import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';
import { TuneRagError } from '../errors.js';

/** What one rewrite call produced, with what it spent (failed rounds included) and its timing. */
export interface RewriteResult<T> {
  value: T;
  usage: Usage;
  timing: CallTiming;
}

/**
 * Writes queries for retrieval from a question with a model: multi-query (alternative phrasings,
 * fused with the question's own ranking) and HyDE (a hypothetical answer passage searched instead
 * of, or beside, the question; Gao et al. 2022). Registered once per run when an LLM is
 * configured; `query.rewrite` gains `multi-query` and `hyde` only then.
 *
 * A call that fails, is refused or stays malformed after the repair round throws an LlmError
 * carrying the usage of every call made, so the question fails with its cost counted.
 */
export interface QueryRewriter {
  /**
   * Everything the rewrites depend on besides the question and the count: endpoint, model, the
   * prompts' version and hashes, the temperature. Part of the rewrite stage's cache key.
   */
  readonly version: string;
  /** Prices a cached entry's tokens by today's table. */
  priceUsage(usage: Usage): Usage;
  /** Exactly `count` alternative phrasings of `question`. */
  multiQuery(options: { question: string; count: number }): Promise<RewriteResult<string[]>>;
  /** A short passage as a document answering `question` could contain it. */
  hypotheticalDocument(options: { question: string }): Promise<RewriteResult<string>>;
}

/** The error of a configuration asking for an LLM rewrite when no LLM is configured. */
export function noQueryRewriterError(rewrite: string): TuneRagError {
  return new TuneRagError('config', `query.rewrite "${rewrite}" needs an LLM to write the queries`, {
    hint: 'configure one (--llm provider:model, or configureLlm in the library), or use query.rewrite none or rm3',
  });
}
