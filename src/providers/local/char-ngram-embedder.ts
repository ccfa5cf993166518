import type { EmbedderFactory } from '../embedder.js';
import { FNV_OFFSET, fnvStep, mix32 } from '../../text/feature-hashing.js';
import { createHashedTfidfEmbedder } from './hashed-tfidf-embedder.js';
import { isStopword, tokenize } from '../../text/text-analysis.js';

const DIMENSIONS = 512;
const MIN_N = 3;
const MAX_N = 5;
// Word boundary markers: tokens are letters, digits, dots and commas, so these never occur inside one.
const BEGIN = 0x3c; // "<"
const END = 0x3e; // ">"
// A pathological token (a hash, a base64 blob) would otherwise emit thousands of n-grams.
const MAX_WORD_LENGTH = 48;

/**
 * Feature keys of a text for `hash-chargrams`: the character 3- to 5-grams of each lower-cased,
 * non-stopword token wrapped in boundary markers ("<rank>" → "<ra", "ran", ..., "nk>", "<ran", ...).
 * Hashed incrementally over code units, without building substrings. Words are not stemmed:
 * shared n-grams already relate "ranking" and "ranked", and typos keep most of their n-grams.
 */
export function charNgramKeys(text: string): Uint32Array {
  const words = tokenize(text).filter((token) => !isStopword(token));
  let capacity = 0;
  for (const word of words) capacity += (MAX_N - MIN_N + 1) * (Math.min(word.length, MAX_WORD_LENGTH) + 2);
  const keys = new Uint32Array(capacity);
  let count = 0;
  for (const word of words) {
    const length = Math.min(word.length, MAX_WORD_LENGTH) + 2;
    const codeAt = (i: number) => (i === 0 ? BEGIN : i === length - 1 ? END : word.charCodeAt(i - 1));
    for (let start = 0; start + MIN_N <= length; start++) {
      let hash = FNV_OFFSET;
      for (let n = 1; n <= MAX_N && start + n <= length; n++) {
        hash = fnvStep(hash, codeAt(start + n - 1));
        if (n >= MIN_N) keys[count++] = mix32(hash);
      }
    }
  }
  return keys.subarray(0, count);
}

/**
 * `hash-chargrams`: TF-IDF over character 3-5-grams of words, hashed into 512 signed dimensions,
 * IDF learned from the corpus. Slower than `hash-words` but tolerant of morphology, compounds and
 * typos; blind to word order.
 */
export const charNgramEmbedder: EmbedderFactory = {
  name: 'hash-chargrams',
  version: '1',
  dimensions: DIMENSIONS,
  local: true,
  description: 'TF-IDF of character 3-5-grams, hashed to 512 dims. Tolerates typos and word forms; no synonyms.',
  async create({ corpus, state }) {
    return createHashedTfidfEmbedder({
      name: 'hash-chargrams',
      dimensions: DIMENSIONS,
      features: charNgramKeys,
      corpus,
      state,
    });
  },
};
