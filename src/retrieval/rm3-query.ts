import type { ScoredChunk } from '../chunking/chunk.js';
import { fuseWeighted } from './fusion.js';
import { rm3FeedbackTerms, type FeedbackTerm } from './rm3-feedback.js';

/**
 * RM3's expansion of `query` from a first search's ranked hits (best first, each with its text):
 * the `terms` feedback terms of the top `docs` hits, weights rounded to 1e-6 so a cached
 * expansion round-trips through JSON unchanged. Shared by the rewrite stage and the LangChain
 * RM3 retriever, so both expand a query with the same terms.
 */
export function rm3Expansion(options: {
  query: string;
  ranked: readonly { text: string; score: number }[];
  terms: number;
  docs: number;
}): FeedbackTerm[] {
  const feedback = options.ranked.slice(0, options.docs);
  return rm3FeedbackTerms({ query: options.query, feedback, count: options.terms }).map((t) => ({
    term: t.term,
    weight: Math.round(t.weight * 1e6) / 1e6,
  }));
}

/** The text the feedback pass searches: the expansion's terms, or undefined when it has none. */
export function expansionQuery(expansion: readonly FeedbackTerm[]): string | undefined {
  return expansion.length === 0 ? undefined : expansion.map((t) => t.term).join(' ');
}

/**
 * RM3's mixture of the original query model and the relevance model, at the score level (so it
 * works for dense, BM25 and hybrid retrieval alike): the query's and the feedback terms' hits,
 * min-max normalised and interpolated with `weight` on the query, best `depth` first.
 */
export function rm3Interpolate(options: {
  original: readonly ScoredChunk[];
  feedback: readonly ScoredChunk[];
  weight: number;
  depth: number;
}): ScoredChunk[] {
  const { original, feedback, weight } = options;
  return fuseWeighted({ dense: [...original], sparse: [...feedback], weight }).slice(0, options.depth);
}
