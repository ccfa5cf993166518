import { ZERO_USAGE } from '../../accounting/usage.js';
import type { Chunk } from '../../chunking/chunk.js';
import type { Bm25Index } from '../../retrieval/bm25-index.js';
import { buildBm25InParallel } from '../parallel/parallel-corpus.js';
import { DenseIndex } from '../../retrieval/dense-index.js';
import type { CorpusStage } from '../corpus-stage.js';
import { chunkText, type EmbeddedCorpus } from './embed-stage.js';

/**
 * Fixed HNSW build settings; part of the index stage's version (bump it when they change).
 * efConstruction 64, not 200: on 2048-dim hash-words vectors 200 made building 22k chunks take
 * ~100 s, and SQuAD recall@4 was the same (0.722 vs 0.728).
 */
export const HNSW = { m: 16, efConstruction: 64, efSearch: 96, seed: 42 };

/**
 * The index stage has two kinds, one key each: the dense index from the embed stage's vectors and
 * the BM25 index from the chunks, whichever retrieval needs (hybrid: both). One name, one version.
 */
const INDEX = { name: 'index', version: '2', reads: [] } as const;

/** Builds the HNSW graph over the corpus vectors. */
export const denseIndexStage: CorpusStage<EmbeddedCorpus, DenseIndex> = {
  ...INDEX,
  // layout: identical vectors share one HNSW node (see duplicate-vectors.ts); files built before
  // held every copy, whose search could be trapped, so they must not be reused. An exact scan
  // ranks differently from the graph, so it has a key of its own (and so do later stages).
  keyMaterial: ({ denseSearch }) =>
    denseSearch === 'exact' ? { kind: 'exact-scan' } : { kind: 'hnsw', layout: 'distinct-vectors' },
  async run({ vectors, dimensions }) {
    return { value: DenseIndex.build({ vectors, dimensions, ...HNSW }), usage: ZERO_USAGE };
  },
};

/** Builds the BM25 index over the chunk texts (terms counted on worker threads for large corpora). */
export const bm25IndexStage: CorpusStage<readonly Chunk[], Bm25Index> = {
  ...INDEX,
  keyMaterial: () => ({ kind: 'bm25' }),
  async run(chunks) {
    return { value: await buildBm25InParallel({ texts: chunks.map(chunkText) }), usage: ZERO_USAGE };
  },
};
