import { Embeddings } from '@langchain/core/embeddings';
import type { Document } from '@langchain/core/documents';
import type { Embedder } from '../providers/embedder.js';
import { ComponentRegistry } from '../providers/component-registry.js';
import { chunkText } from '../pipeline/stages/embed-stage.js';
import { documentToChunk } from './chunk-document-view.js';

/**
 * A LangChain `Embeddings` over one of tune-rag's embedders. Local embedders learn corpus
 * statistics (IDF tables, an SVD basis), so it is made by {@link TuneRagEmbeddings.fit} on the
 * chunks, as tune-rag's embed stage does: on each chunk's title and text (see chunkText).
 * Queries are embedded by the embedder restored from the fitted state, exactly as the pipeline
 * restores it from the stage cache.
 */
export class TuneRagEmbeddings extends Embeddings {
  private constructor(
    /** The registered embedder's name, e.g. hash-words. */
    readonly embedder: string,
    private readonly documents: Embedder,
    private readonly queries: Embedder,
  ) {
    super({});
  }

  /** Fits `embedder` on the chunks (Documents from TuneRagTextSplitter). */
  static async fit(options: {
    embedder: string;
    documents: readonly Document[];
    components?: ComponentRegistry;
  }): Promise<TuneRagEmbeddings> {
    const factory = (options.components ?? new ComponentRegistry()).embedder(options.embedder);
    const texts = options.documents.map((d) => chunkText(documentToChunk(d)));
    const fitted = await factory.create({ corpus: texts });
    const state = fitted.state();
    const queries = state === null ? fitted : await factory.create({ corpus: [], state });
    return new TuneRagEmbeddings(options.embedder, fitted, queries);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.documents.embed(texts, 'document')).vectors.map((v) => Array.from(v));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from((await this.queries.embed([text], 'query')).vectors[0]);
  }
}
