import { TuneRagError } from '../../errors.js';
import type { Embedder } from '../embedder.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import { HashedTfidf } from './hashed-tfidf.js';

/**
 * An {@link Embedder} made of a feature extractor and a {@link HashedTfidf} table: the shared body
 * of the `hash-words` and `hash-chargrams` embedders, which differ only in what a feature is.
 * With `state`, the table is restored and `corpus` is ignored; otherwise it is fitted on `corpus`.
 */
export function createHashedTfidfEmbedder(options: {
  name: string;
  dimensions: number;
  features: (text: string) => Uint32Array;
  corpus: string[];
  state?: Uint8Array | null;
}): Embedder {
  const { name, dimensions, features } = options;
  const table = options.state
    ? HashedTfidf.restore(options.state, name)
    : HashedTfidf.fit({ documents: lazily(options.corpus, features), dimensions });
  if (table.dimensions !== dimensions) {
    throw new TuneRagError(
      'pipeline',
      `${name}: cached state has ${table.dimensions} dimensions, expected ${dimensions}`,
      {
        hint: 'Delete the cache directory (or the entry) so it is rebuilt.',
      },
    );
  }
  return {
    name,
    dimensions,
    // Documents and queries get the same treatment: the model is symmetric.
    async embed(texts) {
      return { vectors: texts.map((text) => table.vectorize(features(text))), usage: ZERO_USAGE };
    },
    state: () => table.serialize(),
  };
}

/** Feature keys one text at a time: a corpus' worth of char n-gram keys would not fit in memory at 100k chunks. */
function* lazily(texts: string[], features: (text: string) => Uint32Array): Iterable<Uint32Array> {
  for (const text of texts) yield features(text);
}
