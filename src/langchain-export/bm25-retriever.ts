import type { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { chunkText } from '../pipeline/stages/embed-stage.js';
import { Bm25Index } from '../retrieval/bm25-index.js';
import { documentToChunk, withScore } from './chunk-document-view.js';

/**
 * A LangChain retriever over tune-rag's BM25 index (Lucene's idf, k1 1.2, b 0.75, stemmed terms of
 * title and text). Not @langchain/community's BM25Retriever: that one tokenises and scores
 * differently, so it would rank other chunks than the tuned pipeline did. Hits carry their BM25
 * score in `metadata.score`; only chunks sharing a term with the query are returned.
 */
export class TuneRagBm25Retriever extends BaseRetriever {
  lc_namespace = ['tune-rag', 'retrievers', 'bm25'];
  private readonly index: Bm25Index;

  constructor(
    private readonly documents: Document[],
    /** How many chunks a query returns. */
    readonly k: number,
  ) {
    super();
    this.index = Bm25Index.build({ texts: documents.map((d) => chunkText(documentToChunk(d))) });
  }

  static fromDocuments(documents: Document[], options: { k: number }): TuneRagBm25Retriever {
    return new TuneRagBm25Retriever(documents, options.k);
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return this.index
      .search(query, this.k)
      .map(({ chunkIndex, score }) => withScore(this.documents[chunkIndex], score));
  }
}
