import { ZERO_USAGE } from '../../accounting/usage.js';
import type { CorpusDoc } from '../../data/dataset-schema.js';
import type { CorpusStage } from '../corpus-stage.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { ChunkSet } from '../parallel/chunk-spans.js';
import { chunkCorpusInParallel, type ParallelOptions } from '../parallel/parallel-corpus.js';

export type { ChunkSet } from '../parallel/chunk-spans.js';

/**
 * Cuts the dataset's documents into chunks with the configured strategy, size and overlap (on
 * worker threads for large corpora; the chunk set is the same either way).
 */
export const chunkStage: CorpusStage<
  { config: PipelineConfig; docs: readonly CorpusDoc[]; parallel?: ParallelOptions },
  ChunkSet
> = {
  name: 'chunk',
  version: '1',
  reads: ['chunk.strategy', 'chunk.size', 'chunk.overlap'],
  async run({ config, docs, parallel }) {
    const value = await chunkCorpusInParallel({
      docs,
      strategy: config['chunk.strategy'],
      size: config['chunk.size'],
      overlap: config['chunk.overlap'] ?? 0,
      parallel,
    });
    return { value, usage: ZERO_USAGE };
  },
};
