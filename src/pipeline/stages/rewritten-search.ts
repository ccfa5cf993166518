import { addTiming, type CallTiming } from '../../accounting/call-timing.js';
import { addUsage, ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { ScoredChunk } from '../../chunking/chunk.js';
import { fuseReciprocalRank } from '../../retrieval/fusion.js';
import { rm3Interpolate } from '../../retrieval/rm3-query.js';
import { RETRIEVAL_DEPTH } from '../../space/catalogue.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { QuestionState } from '../question-stage.js';
import { type Indexes, type SearchResult, searchIndexes } from './search-indexes.js';

/**
 * The retrieve stage's search for one question, after whatever the rewrite stage left:
 * - nothing: the query alone;
 * - RM3 feedback terms: the query and the terms searched apart, normalised scores interpolated with
 *   `rm3.weight` on the query (RM3's mixture, at the score level so it works for every mode);
 * - multi-query phrasings: the query and each phrasing searched with the configured retrieval and
 *   the lists fused by reciprocal rank, the query's own list first (LangChain's
 *   MultiQueryRetriever with the original query included, but ranked instead of a plain union);
 * - a HyDE passage: dense retrieval embeds the passage (Gao et al. 2022), lexical retrieval (BM25,
 *   a registered retriever) searches the question followed by the passage, hybrid does both and
 *   fuses as configured.
 * Usage and timing are the sum of every search (remote embedders are paid per query).
 */
export async function searchRewritten(
  indexes: Indexes,
  config: PipelineConfig,
  state: QuestionState,
): Promise<SearchResult> {
  if (state.hypothetical !== undefined)
    return searchIndexes(indexes, config, {
      dense: state.hypothetical,
      lexical: `${state.query}\n${state.hypothetical}`,
    });
  const original = await searchIndexes(indexes, config, state.query);
  if (state.alternatives !== undefined) {
    const searches = [original];
    for (const alternative of state.alternatives) searches.push(await searchIndexes(indexes, config, alternative));
    const ranked = fuseReciprocalRank({ lists: searches.map((s) => s.ranked) }).slice(0, RETRIEVAL_DEPTH);
    return { ranked, ...totalCost(searches) };
  }
  if (state.expansion === undefined) return original;
  const feedback = await searchIndexes(indexes, config, state.expansion);
  const weight = config['rm3.weight'];
  if (weight === undefined) throw new Error('RM3 expansion needs "rm3.weight"');
  const ranked: ScoredChunk[] = rm3Interpolate({
    original: original.ranked,
    feedback: feedback.ranked,
    weight,
    depth: RETRIEVAL_DEPTH,
  });
  // RM3's latency stays the query's search alone, as it was before multi-query existed.
  return { ranked, usage: addUsage(original.usage, feedback.usage), timing: original.timing };
}

function totalCost(searches: readonly SearchResult[]): { usage: Usage; timing?: CallTiming } {
  const usage = searches.reduce((sum, s) => addUsage(sum, s.usage), ZERO_USAGE);
  const timings = searches.flatMap((s) => (s.timing ? [s.timing] : []));
  return timings.length ? { usage, timing: timings.reduce(addTiming) } : { usage };
}
