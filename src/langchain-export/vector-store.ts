import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import { chunkText } from '../pipeline/stages/embed-stage.js';
import { HNSW } from '../pipeline/stages/index-stages.js';
import { DenseIndex } from '../retrieval/dense-index.js';
import { documentToChunk, withScore } from './chunk-document-view.js';

/**
 * A LangChain VectorStore over tune-rag's dense index: the same HNSW graph (hnswlib, the index
 * stage's seeded settings), so searches return what the tuned pipeline's retrieval returned.
 * Documents are embedded on title and text, like the embed stage. The graph is (re)built on the
 * first search after documents were added: one seeded build over every vector, as in tune-rag.
 * Hits carry their cosine score in `metadata.score`.
 */
export class TuneRagVectorStore extends VectorStore {
  declare FilterType: never;
  private readonly vectors: Float32Array[] = [];
  private readonly documents: Document[] = [];
  private index: DenseIndex | null = null;

  constructor(embeddings: EmbeddingsInterface) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return 'tune-rag-hnsw';
  }

  /** A store holding `documents` (chunks from TuneRagTextSplitter). */
  static override async fromDocuments(
    documents: Document[],
    embeddings: EmbeddingsInterface,
  ): Promise<TuneRagVectorStore> {
    const store = new TuneRagVectorStore(embeddings);
    await store.addDocuments(documents);
    return store;
  }

  async addDocuments(documents: Document[]): Promise<void> {
    const texts = documents.map((d) => chunkText(documentToChunk(d)));
    await this.addVectors(await this.embeddings.embedDocuments(texts), documents);
  }

  async addVectors(vectors: number[][], documents: Document[]): Promise<void> {
    if (vectors.length !== documents.length)
      throw new RangeError(`addVectors: ${vectors.length} vectors for ${documents.length} documents`);
    for (const [i, vector] of vectors.entries()) {
      this.vectors.push(Float32Array.from(vector));
      this.documents.push(documents[i]);
    }
    this.index = null;
  }

  async similaritySearchVectorWithScore(query: number[], k: number): Promise<[Document, number][]> {
    if (this.vectors.length === 0) return [];
    this.index ??= DenseIndex.build({ vectors: this.vectors, dimensions: this.vectors[0].length, ...HNSW });
    return this.index.search(query, k).map(({ chunkIndex, score }) => {
      return [withScore(this.documents[chunkIndex], score), score];
    });
  }
}
