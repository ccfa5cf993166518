import { TuneRagError } from '../../errors.js';
import { LOCAL_EMBEDDERS } from '../../providers/local/local-embedders.js';
import { type SparseRowParts, SparseVectorRows } from '../../retrieval/sparse-vector-rows.js';

/** Texts per `embed` call: the dense vectors of one batch at a time are alive. */
export const EMBED_BATCH = 1024;

/**
 * An embed task's work (in a worker thread or in-thread): the built-in local embedder named
 * `embedder`, restored from its fitted `state` (so every thread embeds with the same IDF table
 * or basis), embeds `texts` a batch at a time into sparse rows. Only built-in embedders can be
 * rebuilt in a worker: a registered one lives in the main thread's registry.
 */
export async function embedSparseRows(task: {
  texts: string[];
  embedder: string;
  state: Uint8Array;
}): Promise<SparseRowParts> {
  const factory = LOCAL_EMBEDDERS.find((f) => f.name === task.embedder);
  if (!factory) throw new TuneRagError('pipeline', `embed task: "${task.embedder}" is not a built-in local embedder`);
  const embedder = await factory.create({ corpus: [], state: task.state });
  const builder = SparseVectorRows.builder(embedder.dimensions);
  for (let from = 0; from < task.texts.length; from += EMBED_BATCH) {
    const { vectors } = await embedder.embed(task.texts.slice(from, from + EMBED_BATCH), 'document');
    for (const vector of vectors) builder.add(vector);
  }
  const { dimensions, offsets, indices, values } = builder.finish();
  // Own buffers, so moving them to the main thread moves nothing else.
  return { dimensions, offsets, indices: indices.slice(), values: values.slice() };
}
