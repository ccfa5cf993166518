import type { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { ScoredChunk } from '../chunking/chunk.js';
import { expansionQuery, rm3Expansion, rm3Interpolate } from '../retrieval/rm3-query.js';
import { type ChunkMetadata, withScore } from './chunk-document-view.js';

/** Options of {@link TuneRagRm3Retriever}: tune-rag's `rm3.terms`, `rm3.docs` and `rm3.weight`. */
export interface Rm3RetrieverOptions {
  /** The configured retrieval (a tune-rag retriever: hits carry metadata.score and chunkIndex). */
  retriever: BaseRetriever;
  terms: number;
  docs: number;
  /** Weight of the original query against the feedback terms, in [0, 1]. */
  weight: number;
  /** How many hits a query returns. */
  k: number;
}

/**
 * tune-rag's `query.rewrite: rm3` as a LangChain retriever wrapper, with the rewrite and retrieve
 * stages' own functions: the query is searched, the top `docs` hits' relevance model gives
 * `terms` feedback terms, those are searched too, and the two rankings' normalised scores are
 * interpolated with `weight` on the query. Without feedback terms, the first search is the answer.
 */
export class TuneRagRm3Retriever extends BaseRetriever {
  lc_namespace = ['tune-rag', 'retrievers', 'rm3'];

  constructor(private readonly options: Rm3RetrieverOptions) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { retriever, terms, docs, weight, k } = this.options;
    const first = await retriever.invoke(query);
    const ranked = first.map((d) => ({ text: d.pageContent, score: scoreOf(d) }));
    const expansion = expansionQuery(rm3Expansion({ query, ranked, terms, docs }));
    if (expansion === undefined) return first.slice(0, k);
    const byIndex = new Map<number, Document>();
    const scored = (list: Document[]): ScoredChunk[] =>
      list.map((d) => {
        const { chunkIndex } = d.metadata as ChunkMetadata;
        byIndex.set(chunkIndex, d);
        return { chunkIndex, score: scoreOf(d) };
      });
    const original = scored(first);
    const feedback = scored(await retriever.invoke(expansion));
    return rm3Interpolate({ original, feedback, weight, depth: k }).map(({ chunkIndex, score }) =>
      withScore(byIndex.get(chunkIndex) as Document, score),
    );
  }
}

function scoreOf(document: Document): number {
  const { score } = document.metadata as ChunkMetadata;
  if (score === undefined) throw new TypeError('RM3 needs hits with metadata.score (tune-rag retrievers)');
  return score;
}
