import { TuneRagError } from '../../errors.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import type { EmbedderFactory } from '../embedder.js';
import { fnv1a, mix32 } from '../../text/feature-hashing.js';
import { HashedBm25 } from './hashed-bm25.js';
import { terms } from '../../text/text-analysis.js';

// Wide on purpose: at 384 or 1024 buckets a SQuAD paragraph's collisions drowned the query's few
// matches (recall@4 on SQuAD dev: 0.42 at 384, 0.62 at 1024, 0.72 at 2048, version 2).
const DIMENSIONS = 2048;
// Buckets per term: 6 made recall@4 at 20k documents 0.79 (4: 0.77, 8: the same 0.79 with a
// third more non-zeros to store and scan).
const HASHES = 6;

/**
 * Term keys of a text for `hash-words`: every content term (stemmed, stopwords removed, see
 * `terms`), in order, repeats kept (they are the term frequencies). No word pairs: they doubled
 * the features, hence the collisions, and BM25 does as well without them.
 */
export function wordFeatureKeys(text: string): Uint32Array {
  const words = terms(text);
  const keys = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) keys[i] = mix32(fnv1a(words[i]));
  return keys;
}

/**
 * `hash-words`: BM25 weights of stemmed words, each spread over 6 of 2048 signed dimensions, IDF
 * and average length learned from the corpus (see {@link HashedBm25}). A dense stand-in for
 * BM25: rewards shared rare terms, knows nothing about synonyms or misspellings.
 */
export const hashedWordsEmbedder: EmbedderFactory = {
  name: 'hash-words',
  version: '3',
  dimensions: DIMENSIONS,
  local: true,
  scaledDocuments: true,
  description:
    'BM25 weights of stemmed words, hashed to 2048 dims. Fast lexical baseline; no synonyms, no typo tolerance.',
  async create({ corpus, state }) {
    const table = state
      ? HashedBm25.restore(state, 'hash-words')
      : HashedBm25.fit({ documents: lazily(corpus), dimensions: DIMENSIONS, hashes: HASHES });
    if (table.dimensions !== DIMENSIONS) {
      throw new TuneRagError(
        'pipeline',
        `hash-words: cached state has ${table.dimensions} dimensions, expected ${DIMENSIONS}`,
        { hint: 'Delete the cache directory (or the entry) so it is rebuilt.' },
      );
    }
    return {
      name: 'hash-words',
      dimensions: DIMENSIONS,
      async embed(texts, kind) {
        return { vectors: texts.map((text) => table.vectorize(wordFeatureKeys(text), kind)), usage: ZERO_USAGE };
      },
      state: () => table.serialize(),
    };
  },
};

/** Term keys one text at a time, so a whole corpus' keys are never held at once. */
function* lazily(texts: string[]): Iterable<Uint32Array> {
  for (const text of texts) yield wordFeatureKeys(text);
}
