import { LangchainComponent, type LangchainComponentOptions } from './component-identity.js';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { VectorStoreInterface } from '@langchain/core/vectorstores';
import type { ScoredChunk } from '../../chunking/chunk.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import { dot } from '../local/unit-vector.js';
import { chunkDocuments, requireChunkIndex } from './chunk-documents.js';
import type { ComponentSettings } from './component-settings.js';

/** A store's documents are matched by their metadata only: it holds vectors, and texts can repeat. */
const NO_TEXT_LOOKUP: ReadonlyMap<string, number> = new Map();

/** Creates an empty store; tune-rag adds the configuration's chunk vectors to it. */
export type VectorStoreFactory = (options: {
  /** The configuration's embedder as LangChain Embeddings (what the store embeds queries with). */
  embeddings: EmbeddingsInterface;
  /** Size of the vectors that will be added. */
  dimensions: number;
  /** The component's own parameter values, by knob name. */
  config: ComponentSettings;
}) => VectorStoreInterface | Promise<VectorStoreInterface>;

/** A LangChain.js vector store registered as a value `name` of the `vector_store` parameter. */
export interface LangchainVectorStoreOptions extends LangchainComponentOptions {
  create: VectorStoreFactory;
}

/**
 * A vector store as the dense index: it holds the embed stage's unit vectors (added with
 * `addVectors`, so nothing is embedded twice) and answers dense searches with
 * `similaritySearchVectorWithScore`. Its order is kept (an approximate store may miss
 * neighbours: that is what tuning it measures); scores are recomputed as cosine against the
 * chunk's vector, because stores report distances or similarities on their own scales and
 * weighted fusion needs the built-in index's scale.
 */
export class LangchainVectorStore extends LangchainComponent {
  readonly #options: LangchainVectorStoreOptions;

  constructor(options: LangchainVectorStoreOptions) {
    super(options, 'vector store');
    this.#options = options;
  }

  /** A store holding `vectors` (chunk order) with one Document per chunk. */
  async build(options: {
    vectors: readonly Float32Array[];
    chunks: readonly { text: string; docId: string; title?: string }[];
    embeddings: EmbeddingsInterface;
    dimensions: number;
    settings: ComponentSettings;
  }): Promise<VectorStoreInterface> {
    const store = await this.#options.create({
      embeddings: options.embeddings,
      dimensions: options.dimensions,
      config: options.settings,
    });
    if (options.vectors.length > 0)
      await store.addVectors(
        options.vectors.map((v) => Array.from(v)),
        chunkDocuments(options.chunks),
      );
    return store;
  }

  /** The `depth` nearest chunks of `query` (a unit vector), best first. Throws an LlmError on failure. */
  async search(options: {
    store: VectorStoreInterface;
    query: Float32Array;
    depth: number;
    vectors: readonly Float32Array[];
  }): Promise<ScoredChunk[]> {
    const k = Math.min(options.depth, options.vectors.length);
    if (k === 0) return [];
    const reply = await this.#options.calls.run({
      component: this.name,
      attempt: async () => ({
        result: await options.store.similaritySearchVectorWithScore(Array.from(options.query), k),
        usage: ZERO_USAGE,
      }),
    });
    if (!reply.ok) throw reply.error;
    const ranked: ScoredChunk[] = [];
    for (const [document] of reply.value) {
      const chunkIndex = requireChunkIndex(document, {
        component: this.name,
        byText: NO_TEXT_LOOKUP,
        accepts: (index) => index < options.vectors.length,
        expected: 'one it was given (keep the chunkIndex metadata it was added with)',
      });
      ranked.push({ chunkIndex, score: dot(options.query, options.vectors[chunkIndex]) });
    }
    return ranked;
  }
}
