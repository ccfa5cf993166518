import { ZERO_USAGE } from '../../accounting/usage.js';
import { chunkCorpus } from '../../chunking/chunk-document.js';
import type { Chunk } from '../../chunking/chunk.js';
import type { CorpusDoc } from '../../data/dataset-schema.js';
import { countTokens } from '../../text/token-counter.js';
import type { CorpusStage } from '../corpus-stage.js';
import type { PipelineConfig } from '../pipeline-config.js';

export interface ChunkSet {
  chunks: Chunk[];
  /** cl100k token count of each chunk, for context packing. */
  tokenCounts: number[];
}

/** Cuts the dataset's documents into chunks with the configured strategy, size and overlap. */
export const chunkStage: CorpusStage<{ config: PipelineConfig; docs: readonly CorpusDoc[] }, ChunkSet> = {
  name: 'chunk',
  version: '1',
  reads: ['chunk.strategy', 'chunk.size', 'chunk.overlap'],
  async run({ config, docs }) {
    const chunks = await chunkCorpus({
      docs,
      strategy: config['chunk.strategy'],
      size: config['chunk.size'],
      overlap: config['chunk.overlap'] ?? 0,
    });
    return { value: { chunks, tokenCounts: chunks.map((c) => countTokens(c.text)) }, usage: ZERO_USAGE };
  },
};
