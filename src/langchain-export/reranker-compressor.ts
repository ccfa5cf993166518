import type { Document } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import { roundScore } from '../pipeline/stages/round-score.js';
import { ComponentRegistry } from '../providers/component-registry.js';
import type { Reranker } from '../providers/reranker.js';
import type { ChunkMetadata } from './chunk-document-view.js';
import { withScore } from './chunk-document-view.js';

/** Options of {@link TuneRagReranker}: tune-rag's `reranker`, `rerank.candidates` and `mmr.lambda`. */
export interface TuneRagRerankerOptions {
  reranker: string;
  /** How many of the first-stage hits the reranker sees (tune-rag: at least top_k). */
  candidates: number;
  /** Component knobs, e.g. `{ lambda: 0.5 }` for mmr. */
  params?: Record<string, unknown>;
  components?: ComponentRegistry;
}

/**
 * A LangChain document compressor over one of tune-rag's rerankers (e.g. `local`, `mmr`): it
 * reorders the first `candidates` hits, best first, with the new score in `metadata.score`. The
 * reranker sees first-stage scores rounded to 6 decimals, as tune-rag's stored rankings are.
 */
export class TuneRagReranker extends BaseDocumentCompressor {
  private readonly reranker: Reranker;

  constructor(private readonly options: TuneRagRerankerOptions) {
    super();
    this.reranker = (options.components ?? new ComponentRegistry()).reranker(options.reranker);
  }

  async compressDocuments(documents: Document[], query: string): Promise<Document[]> {
    const pool = documents.slice(0, this.options.candidates);
    const byIndex = new Map(pool.map((d) => [(d.metadata as ChunkMetadata).chunkIndex, d]));
    const candidates = pool.map((d) => {
      const m = d.metadata as ChunkMetadata;
      return {
        chunkIndex: m.chunkIndex,
        text: d.pageContent,
        ...(m.title !== undefined ? { title: m.title } : {}),
        score: roundScore({ chunkIndex: m.chunkIndex, score: m.score ?? 0 }).score,
      };
    });
    const { ranked } = await this.reranker.rerank({ question: query, candidates, params: this.options.params ?? {} });
    return ranked.map((r) => withScore(byIndex.get(r.chunkIndex) as Document, roundScore(r).score));
  }
}
