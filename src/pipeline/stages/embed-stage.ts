import type { Chunk } from '../../chunking/chunk.js';
import { addUsage, type Usage, ZERO_USAGE } from '../../accounting/usage.js';
import type { Embedder, EmbedderFactory } from '../../providers/embedder.js';
import type { ParamValue } from '../../space/parameter-schema.js';
import type { CorpusStage } from '../corpus-stage.js';
import type { ExecutionStats } from '../execution-stats.js';
import type { StageCache } from '../stage-cache.js';
import { embedTextKeyed } from '../text-vector-cache.js';
import { type SparseRowsBuilder, SparseVectorRows } from '../../retrieval/sparse-vector-rows.js';

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
    const { vectors, usage } = await embedLocally(embedder, texts);
    return { value: { vectors, dimensions: embedder.dimensions, state: embedder.state() }, usage };
  },
};

/** Texts per `embed` call of a local embedder: the dense vectors of one batch at a time are alive. */
const LOCAL_BATCH = 1024;

/**
 * A local embedder's vectors, batch by batch. When the first batch is mostly zeros (a hashed
 * embedder's), every batch is kept as {@link SparseVectorRows} and the dense vectors of all
 * chunks never exist at once (870 MB at 100k chunks of 2048 dimensions); otherwise as they come.
 * A local embedder's vector of a text does not depend on the rest of its batch (see Embedder).
 */
async function embedLocally(embedder: Embedder, texts: string[]): Promise<{ vectors: Float32Array[]; usage: Usage }> {
  const dense: Float32Array[] = [];
  let sparse: SparseRowsBuilder | null = null;
  let usage = ZERO_USAGE;
  for (let from = 0; from < texts.length; from += LOCAL_BATCH) {
    const batch = await embedder.embed(texts.slice(from, from + LOCAL_BATCH), 'document');
    const { vectors } = batch;
    usage = addUsage(usage, batch.usage);
    if (from === 0 && mostlyZero(vectors, embedder.dimensions)) sparse = SparseVectorRows.builder(embedder.dimensions);
    if (sparse) for (const vector of vectors) sparse.add(vector);
    else dense.push(...vectors);
  }
  return { vectors: sparse ? sparse.finish().asVectors() : dense, usage };
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
