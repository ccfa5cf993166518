import type { EmbedderFactory } from '../embedder.js';
import { charNgramEmbedder } from './char-ngram-embedder.js';
import { hashedWordsEmbedder } from './hashed-words-embedder.js';
import { lsaEmbedder } from './lsa-embedder.js';

/** The offline embedders, always registered (`hash-words` first: it is the default). */
export const LOCAL_EMBEDDERS: readonly EmbedderFactory[] = [hashedWordsEmbedder, charNgramEmbedder, lsaEmbedder];
