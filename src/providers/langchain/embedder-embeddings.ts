import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '../embedder.js';

/**
 * tune-rag's configured embedder seen as LangChain.js `Embeddings`, for the vector stores a
 * project registers: the store embeds queries (and any text it adds itself) exactly as the
 * configuration's own vectors were made.
 */
export class EmbedderEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const { vectors } = await this.embedder.embed(documents, 'document');
    return vectors.map((v) => Array.from(v));
  }

  async embedQuery(document: string): Promise<number[]> {
    const { vectors } = await this.embedder.embed([document], 'query');
    return Array.from(vectors[0]);
  }
}
