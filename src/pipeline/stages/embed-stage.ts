import type { Chunk } from '../../chunking/chunk.js';
import { addUsage, type Usage } from '../../accounting/usage.js';
import type { Embedder, EmbedderFactory } from '../../providers/embedder.js';
import type { ParamValue } from '../../space/parameter-schema.js';
import type { CorpusStage } from '../corpus-stage.js';
import type { ExecutionStats } from '../execution-stats.js';
import type { StageCache } from '../stage-cache.js';
import { embedTextKeyed } from '../text-vector-cache.js';
import { SparseVectorRows } from '../../retrieval/sparse-vector-rows.js';
import { LOCAL_EMBEDDERS } from '../../providers/local/local-embedders.js';
import { EMBED_BATCH } from '../parallel/embed-sparse-rows.js';
import { embedSparseInParallel } from '../parallel/parallel-corpus.js';

/** A corpus's vectors, plus what the embedder needs to embed queries alike (e.g. a fitted vocabulary). */
export interface EmbeddedCorpus {
  vectors: Float32Array[];
  dimensions: number;
  state: Uint8Array | null;
}

/** What the embed stage consumes. */
export interface EmbedInput {
  chunks: readonly Chunk[];
  factory: EmbedderFactory;
  /** The embedder's own parameter values (registered components only). */
  settings?: Readonly<Record<string, ParamValue>>;
  /** The per-text vector cache, used when the factory is {@link EmbedderFactory.textKeyed}. */
  textVectors?: { cache: StageCache; stats: ExecutionStats };
}

/**
 * Embeds every chunk (title included, see {@link chunkText}) with the configured embedder. A
 * text-keyed embedder goes through the per-text cache (see text-vector-cache.ts); its result's
 * timing then carries the recorded embedding time, which the caller books as the stage's cost.
 */
export const embedStage: CorpusStage<EmbedInput, EmbeddedCorpus> = {
  name: 'embed',
  version: '1',
  reads: ['embedder'],
  keyMaterial: ({ componentVersions }) => ({ embedderVersion: componentVersions.embedder }),
  async run({ chunks, factory, settings, textVectors }) {
    const texts = chunks.map(chunkText);
    // The per-text cache is keyed by embedder name and version only, so it serves settings-free embedders.
    if (factory.textKeyed && textVectors && Object.keys(settings ?? {}).length === 0) {
      const { value, usage, timing } = await embedTextKeyed({ texts, factory, ...textVectors });
      return { value: { ...value, state: null }, usage, timing };
    }
    const embedder = await factory.create({ corpus: texts, settings });
    if (!factory.local) {
      const { vectors, usage } = await embedder.embed(texts, 'document');
      return { value: { vectors, dimensions: embedder.dimensions, state: embedder.state() }, usage };
    }
    const state = embedder.state();
    const { vectors, usage } = await embedLocally({ embedder, factory, texts, settings, state });
    return { value: { vectors, dimensions: embedder.dimensions, state }, usage };
  },
};

/**
 * A local embedder's vectors, batch by batch (see EMBED_BATCH). When the first batch is mostly
 * zeros (a hashed embedder's), every batch is kept as {@link SparseVectorRows}, so the dense
 * vectors of all chunks never exist at once (870 MB at 100k chunks of 2048 dimensions), and a
 * built-in embedder's remaining batches are embedded on worker threads for large corpora, each
 * restoring it from the fitted state. A local embedder's vector of a text does not depend on the
 * rest of its batch (see Embedder), so the vectors are the same either way.
 */
async function embedLocally(options: {
  embedder: Embedder;
  factory: EmbedderFactory;
  texts: string[];
  settings?: Readonly<Record<string, ParamValue>>;
  /** The embedder's fitted state (serialised once, by the caller). */
  state: Uint8Array | null;
}): Promise<{ vectors: Float32Array[]; usage: Usage }> {
  const { embedder, factory, texts, state } = options;
  const first = await embedder.embed(texts.slice(0, EMBED_BATCH), 'document');
  let usage = first.usage;
  const embedRest = async (keep: (vector: Float32Array) => void) => {
    for (let from = EMBED_BATCH; from < texts.length; from += EMBED_BATCH) {
      const batch = await embedder.embed(texts.slice(from, from + EMBED_BATCH), 'document');
      usage = addUsage(usage, batch.usage);
      for (const vector of batch.vectors) keep(vector);
    }
  };
  if (!mostlyZero(first.vectors, embedder.dimensions)) {
    const dense = [...first.vectors];
    await embedRest((vector) => dense.push(vector));
    return { vectors: dense, usage };
  }
  const builder = SparseVectorRows.builder(embedder.dimensions);
  for (const vector of first.vectors) builder.add(vector);
  const rebuildable = LOCAL_EMBEDDERS.includes(factory) && Object.keys(options.settings ?? {}).length === 0;
  if (state === null || !rebuildable || texts.length <= EMBED_BATCH) {
    await embedRest((vector) => builder.add(vector));
    return { vectors: builder.finish().asVectors(), usage };
  }
  const rest = await embedSparseInParallel({ texts: texts.slice(EMBED_BATCH), embedder: factory.name, state });
  return { vectors: SparseVectorRows.concat([builder.finish(), rest]).asVectors(), usage };
}

/** True when the vectors' non-zeros (6 bytes each as sparse rows) take under half their dense bytes. */
function mostlyZero(vectors: readonly Float32Array[], dimensions: number): boolean {
  let nonZeros = 0;
  for (const vector of vectors) for (let d = 0; d < vector.length; d++) if (vector[d] !== 0) nonZeros++;
  return vectors.length > 0 && dimensions <= 65_536 && nonZeros * 6 < vectors.length * dimensions * 2;
}

/** What embedders and BM25 see of a chunk: its document title helps short or pronoun-heavy chunks. */
export function chunkText(chunk: Chunk): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}
