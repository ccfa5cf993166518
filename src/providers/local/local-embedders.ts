import type { EmbedderFactory } from '../embedder.js';
import { charNgramEmbedder } from './char-ngram-embedder.js';
import { hashedWordsEmbedder } from './hashed-words-embedder.js';
import { lsaEmbedder } from './lsa-embedder.js';
import { useLiteEmbedder } from './use-lite-embedder.js';

/**
 * The offline embedders, always registered (`hash-words` first: it is the default). `use-lite`
 * loads its model on first use only, so registering it costs nothing.
 */
export const LOCAL_EMBEDDERS: readonly EmbedderFactory[] = [
  hashedWordsEmbedder,
  charNgramEmbedder,
  lsaEmbedder,
  useLiteEmbedder,
];
