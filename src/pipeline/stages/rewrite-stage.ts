import type { FeedbackTerm } from '../../retrieval/rm3-feedback.js';
import { expansionQuery, rm3Expansion } from '../../retrieval/rm3-query.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { QuestionStage } from '../question-stage.js';
import { type Indexes, loadIndexes, searchIndexes } from './search-indexes.js';
import { switchOff } from './switch-off.js';

/** The rewrite stage's cached value: RM3's weighted feedback terms. */
export interface RewriteValue {
  expansion: FeedbackTerm[];
}

/**
 * Rewrites the query before retrieval (`query.rewrite`). rm3: a first search with the
 * configuration's retrieval, then the top `rm3.docs` chunks' relevance model gives the
 * `rm3.terms` feedback terms the retrieve stage searches beside the query. Reads the retrieval
 * settings too: the feedback pass searches with them.
 */
export const rewriteStage: QuestionStage<RewriteValue, Indexes> = {
  name: 'rewrite',
  version: '1',
  reads: ['query.rewrite', 'rm3.terms', 'rm3.docs', 'rm3.weight', 'retrieval', 'fusion', 'fusion.weight'],
  passesThrough: switchOff('query.rewrite'),
  prepare: loadIndexes,
  async run(state, { config, keys, artifacts }, indexes) {
    const { terms, docs } = rm3Settings(config);
    const first = await searchIndexes(indexes, config, state.query);
    const { chunks } = await artifacts.chunks(config, keys);
    const ranked = first.ranked.slice(0, docs).map((s) => ({ text: chunks[s.chunkIndex].text, score: s.score }));
    const expansion = rm3Expansion({ query: state.query, ranked, terms, docs });
    return { value: { expansion }, usage: first.usage, timing: first.timing };
  },
  apply: (state, value) => {
    const expansion = expansionQuery(value.expansion);
    return expansion === undefined ? state : { ...state, expansion };
  },
};

function rm3Settings(config: PipelineConfig): { terms: number; docs: number } {
  const terms = config['rm3.terms'];
  const docs = config['rm3.docs'];
  if (config['query.rewrite'] !== 'rm3' || terms === undefined || docs === undefined)
    throw new Error('query.rewrite "rm3" needs "rm3.terms" and "rm3.docs"');
  return { terms, docs };
}
