import type { ScoredChunk } from '../../chunking/chunk.js';
import { addUsage } from '../../accounting/usage.js';
import { rm3Interpolate } from '../../retrieval/rm3-query.js';
import { RETRIEVAL_DEPTH } from '../../space/catalogue.js';
import type { QuestionStage } from '../question-stage.js';
import { roundScore } from './round-score.js';
import { type Indexes, loadIndexes, searchIndexes } from './search-indexes.js';

/**
 * Fetches RETRIEVAL_DEPTH candidates once; top_k and rerank.candidates are slices of them.
 * v3 (and rerank/generate v2): an LLM call's recorded latency is its successful attempt, with
 * retry waits apart; entries of earlier versions have the waits inside their latency.
 *
 * After RM3 (the rewrite stage left `expansion`), the query and its feedback terms are searched
 * apart and their normalised scores interpolated with `rm3.weight` on the query: RM3's mixture
 * of the original query model and the relevance model, at the score level so it works for
 * dense, BM25 and hybrid retrieval alike. The rewrite stage's key (which holds rm3.*) is
 * upstream of this one, so this stage's key changes with them.
 */
export const retrieveStage: QuestionStage<ScoredChunk[], Indexes> = {
  name: 'retrieve',
  version: '3',
  reads: ['retrieval', 'fusion', 'fusion.weight'],
  // Registered components only: built-in retrieval leaves both undefined, which the key omits.
  keyMaterial: ({ componentVersions }) => ({
    depth: RETRIEVAL_DEPTH,
    retriever: componentVersions.retriever,
    vectorStore: componentVersions.vectorStore,
  }),
  prepare: loadIndexes,
  async run(state, { config }, indexes) {
    const original = await searchIndexes(indexes, config, state.query);
    if (state.expansion === undefined) return { value: original.ranked.map(roundScore), ...costOf(original) };
    const feedback = await searchIndexes(indexes, config, state.expansion);
    const weight = config['rm3.weight'];
    if (weight === undefined) throw new Error('RM3 expansion needs "rm3.weight"');
    const ranked = rm3Interpolate({
      original: original.ranked,
      feedback: feedback.ranked,
      weight,
      depth: RETRIEVAL_DEPTH,
    });
    return { value: ranked.map(roundScore), usage: addUsage(original.usage, feedback.usage), timing: original.timing };
  },
  apply: (state, ranked) => ({ ...state, ranked }),
};

function costOf(result: Awaited<ReturnType<typeof searchIndexes>>) {
  return { usage: result.usage, timing: result.timing };
}
