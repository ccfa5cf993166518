import type { Chunk } from '../../chunking/chunk.js';
import type { EmbedderFactory } from '../../providers/embedder.js';
import type { CorpusStage } from '../corpus-stage.js';

/** A corpus's vectors, plus what the embedder needs to embed queries alike (e.g. a fitted vocabulary). */
export interface EmbeddedCorpus {
  vectors: Float32Array[];
  dimensions: number;
  state: Uint8Array | null;
}

/** Embeds every chunk (title included, see {@link chunkText}) with the configured embedder. */
export const embedStage: CorpusStage<{ chunks: readonly Chunk[]; factory: EmbedderFactory }, EmbeddedCorpus> = {
  name: 'embed',
  version: '1',
  reads: ['embedder'],
  keyMaterial: ({ componentVersions }) => ({ embedderVersion: componentVersions.embedder }),
  async run({ chunks, factory }) {
    const texts = chunks.map(chunkText);
    const embedder = await factory.create({ corpus: texts });
    const { vectors, usage } = await embedder.embed(texts, 'document');
    return { value: { vectors, dimensions: embedder.dimensions, state: embedder.state() }, usage };
  },
};

/** What embedders and BM25 see of a chunk: its document title helps short or pronoun-heavy chunks. */
export function chunkText(chunk: Chunk): string {
  return chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text;
}
