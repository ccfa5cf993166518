import type { Config } from './parameter-schema.js';

/**
 * Fallback values for parameters a search space or preset does not mention. They are only used
 * when a parameter becomes active and nobody gave it a value; pipelines/baseline.json overrides
 * them for the baseline itself.
 */
export const CATALOGUE_DEFAULTS: Config = {
  'chunk.strategy': 'recursive',
  'chunk.size': 256,
  'chunk.overlap': 0.1,
  retrieval: 'dense',
  embedder: 'hash-words',
  fusion: 'rrf',
  'fusion.weight': 0.5,
  top_k: 5,
  reranker: 'none',
  'rerank.candidates': 20,
  'mmr.lambda': 0.7,
  generator: 'extractive-sentence',
  prompt: 'default',
  temperature: 0,
  'context.max_tokens': 2048,
  'rm3.terms': 10,
  'rm3.docs': 3,
  'rm3.weight': 0.6,
  'multi_query.count': 3,
  'context.window': 1,
  'parent.size': 512,
  'compress.keep': 0.5,
};
