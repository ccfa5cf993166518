import type { Chunk } from '../../chunking/chunk.js';
import type { EmbedderFactory } from '../../providers/embedder.js';
import type { ParamValue } from '../../space/parameter-schema.js';
import type { CorpusStage } from '../corpus-stage.js';
import type { ExecutionStats } from '../execution-stats.js';
import type { StageCache } from '../stage-cache.js';
import { embedTextKeyed } from '../text-vector-cache.js';

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
    const { vectors, usage } = await embedder.embed(texts, 'document');
    return { value: { vectors, dimensions: embedder.dimensions, state: embedder.state() }, usage };
  },
};

/** What embedders and BM25 see of a chunk: its document title helps short or pronoun-heavy chunks. */
export function chunkText(chunk: Chunk): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}
