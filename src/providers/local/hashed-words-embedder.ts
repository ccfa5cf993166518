import type { EmbedderFactory } from '../embedder.js';
import { fnv1a, fnvStep, mix32 } from '../../text/feature-hashing.js';
import { createHashedTfidfEmbedder } from './hashed-tfidf-embedder.js';
import { terms } from '../../text/text-analysis.js';

// Wide on purpose: a SQuAD paragraph has ~200 word and pair features, and at 384 or 1024 buckets
// their collisions drowned the query's few matches (recall@4 on SQuAD dev: 0.42 at 384, 0.62 at
// 1024, 0.72 at 2048).
const DIMENSIONS = 2048;
const SPACE = 0x20;

/**
 * Feature keys of a text for `hash-words`: every content term (stemmed, stopwords removed, see
 * `terms`) and every pair of consecutive content terms. Bigrams are hashed as "a b", a string no
 * unigram can equal, so the two kinds never share a key.
 */
export function wordFeatureKeys(text: string): Uint32Array {
  const words = terms(text);
  const keys = new Uint32Array(words.length === 0 ? 0 : 2 * words.length - 1);
  let previous = 0;
  for (let i = 0; i < words.length; i++) {
    const hash = fnv1a(words[i]);
    keys[i] = mix32(hash);
    if (i > 0) keys[words.length + i - 1] = mix32(fnv1a(words[i], fnvStep(previous, SPACE)));
    previous = hash;
  }
  return keys;
}

/**
 * `hash-words`: TF-IDF over stemmed word unigrams and bigrams, feature-hashed into 2048 signed
 * dimensions, IDF learned from the corpus. Fast and exact-vocabulary: rewards shared terms and
 * phrases, knows nothing about synonyms or misspellings.
 */
export const hashedWordsEmbedder: EmbedderFactory = {
  name: 'hash-words',
  version: '2',
  dimensions: DIMENSIONS,
  local: true,
  description:
    'TF-IDF of stemmed words and word pairs, hashed to 2048 dims. Fast lexical baseline; no synonyms, no typo tolerance.',
  async create({ corpus, state }) {
    return createHashedTfidfEmbedder({
      name: 'hash-words',
      dimensions: DIMENSIONS,
      features: wordFeatureKeys,
      corpus,
      state,
    });
  },
};
