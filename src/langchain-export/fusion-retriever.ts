import type { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { ScoredChunk } from '../chunking/chunk.js';
import { fuseReciprocalRank, fuseWeighted } from '../retrieval/fusion.js';
import type { ChunkMetadata } from './chunk-document-view.js';
import { withScore } from './chunk-document-view.js';

/** Options of {@link TuneRagFusionRetriever}: tune-rag's `fusion` and `fusion.weight`. */
export interface FusionRetrieverOptions {
  /** The dense retriever (e.g. TuneRagVectorStore.asRetriever) and the lexical one, in that order. */
  dense: BaseRetriever;
  sparse: BaseRetriever;
  fusion: 'rrf' | 'weighted';
  /** Dense share of weighted fusion, in [0, 1]; required for `weighted`. */
  weight?: number;
  /** How many fused chunks a query returns. */
  k: number;
}

/**
 * Hybrid retrieval as tune-rag fuses it (src/retrieval/fusion.ts): reciprocal rank fusion (k 60,
 * ties to the lower chunk index) or a weighted sum of min-max-normalised scores. Not LangChain's
 * EnsembleRetriever, which merges duplicates by text and breaks ties by arrival order, so it can
 * rank other chunks than the tuned pipeline. Chunks are matched by `metadata.chunkIndex` and
 * ranked by `metadata.score`, which tune-rag's retrievers set.
 */
export class TuneRagFusionRetriever extends BaseRetriever {
  lc_namespace = ['tune-rag', 'retrievers', 'fusion'];

  constructor(private readonly options: FusionRetrieverOptions) {
    super();
    const { fusion, weight } = options;
    if (fusion === 'weighted' && (weight === undefined || !(weight >= 0 && weight <= 1)))
      throw new RangeError(`weighted fusion needs "fusion.weight" in [0, 1], got ${weight}`);
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const [denseDocs, sparseDocs] = await Promise.all([
      this.options.dense.invoke(query),
      this.options.sparse.invoke(query),
    ]);
    const byIndex = new Map<number, Document>();
    const scored = (docs: Document[]): ScoredChunk[] =>
      docs.map((doc) => {
        const { chunkIndex, score } = doc.metadata as ChunkMetadata;
        if (score === undefined) throw new TypeError('fusion needs hits with metadata.score (tune-rag retrievers)');
        byIndex.set(chunkIndex, doc);
        return { chunkIndex, score };
      });
    const dense = scored(denseDocs);
    const sparse = scored(sparseDocs);
    const { fusion, weight, k } = this.options;
    const fused =
      fusion === 'weighted'
        ? fuseWeighted({ dense, sparse, weight: weight as number })
        : fuseReciprocalRank({ lists: [dense, sparse] });
    return fused.slice(0, k).map(({ chunkIndex, score }) => withScore(byIndex.get(chunkIndex) as Document, score));
  }
}
