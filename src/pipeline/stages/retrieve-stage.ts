import type { ScoredChunk } from '../../chunking/chunk.js';
import { RETRIEVAL_DEPTH } from '../../space/catalogue.js';
import type { QuestionStage } from '../question-stage.js';
import { roundScore } from './round-score.js';
import { searchRewritten } from './rewritten-search.js';
import { type Indexes, loadIndexes } from './search-indexes.js';

/**
 * Fetches RETRIEVAL_DEPTH candidates once; top_k and rerank.candidates are slices of them.
 * v3 (and rerank/generate v2): an LLM call's recorded latency is its successful attempt, with
 * retry waits apart; entries of earlier versions have the waits inside their latency.
 *
 * After a rewrite (RM3 terms, multi-query phrasings, a HyDE passage) the search is the one
 * searchRewritten describes. The rewrite stage's key (which holds its knobs and the LLM's
 * identity) is upstream of this one, so this stage's key changes with them.
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
    const { ranked, usage, timing } = await searchRewritten(indexes, config, state);
    return { value: ranked.map(roundScore), usage, timing };
  },
  apply: (state, ranked) => ({ ...state, ranked }),
};
