import type { Chunk } from '../../chunking/chunk.js';
import type { EmbedderFactory } from '../../providers/embedder.js';
import type { ParamValue } from '../../space/parameter-schema.js';
import type { CorpusStage } from '../corpus-stage.js';

/** A corpus's vectors, plus what the embedder needs to embed queries alike (e.g. a fitted vocabulary). */
export interface EmbeddedCorpus {
  vectors: Float32Array[];
  dimensions: number;
  state: Uint8Array | null;
}

/** Embeds every chunk (title included, see {@link chunkText}) with the configured embedder. */
type EmbedInput = {
  chunks: readonly Chunk[];
  factory: EmbedderFactory;
  /** The embedder's own parameter values (registered components only). */
  settings?: Readonly<Record<string, ParamValue>>;
};

export const embedStage: CorpusStage<EmbedInput, EmbeddedCorpus> = {
  name: 'embed',
  version: '1',
  reads: ['embedder'],
  keyMaterial: ({ componentVersions }) => ({ embedderVersion: componentVersions.embedder }),
  async run({ chunks, factory, settings }) {
    const texts = chunks.map(chunkText);
    const embedder = await factory.create({ corpus: texts, settings });
    const { vectors, usage } = await embedder.embed(texts, 'document');
    return { value: { vectors, dimensions: embedder.dimensions, state: embedder.state() }, usage };
  },
};

/** What embedders and BM25 see of a chunk: its document title helps short or pronoun-heavy chunks. */
export function chunkText(chunk: Chunk): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}
