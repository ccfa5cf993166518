import type { EmbedderFactory } from '../embedder.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import { LsaModel } from './lsa-model.js';

const MAX_DIMENSIONS = 256;

/**
 * `lsa`: latent semantic analysis (TF-IDF + truncated SVD, see {@link LsaModel}), up to 256 dims.
 * The only local embedder that relates different words (terms that co-occur in the corpus), at
 * the price of a fit per corpus and blurrier exact-term matching. `Embedder.dimensions` can be
 * below 256 for small corpora (the SVD rank is bounded by the number of chunks and terms).
 */
export const lsaEmbedder: EmbedderFactory = {
  name: 'lsa',
  // v2: fitted on distinct chunks (vectors change only where chunks repeat).
  version: '2',
  dimensions: MAX_DIMENSIONS,
  local: true,
  description:
    'Latent semantic analysis: TF-IDF projected on a 256-dim SVD basis fitted on the corpus. Relates co-occurring words (weak synonyms).',
  async create({ corpus, state }) {
    const model = state ? LsaModel.restore(state) : LsaModel.fit({ corpus, rank: MAX_DIMENSIONS });
    return {
      name: 'lsa',
      dimensions: model.dimensions,
      async embed(texts) {
        return { vectors: texts.map((text) => model.embed(text)), usage: ZERO_USAGE };
      },
      state: () => model.serialize(),
    };
  },
};
