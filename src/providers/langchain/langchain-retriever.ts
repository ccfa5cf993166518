import { LangchainComponent, type LangchainComponentOptions } from './component-identity.js';
import type { Document, DocumentInterface } from '@langchain/core/documents';
import type { BaseRetrieverInterface } from '@langchain/core/retrievers';
import type { CallTiming } from '../../accounting/call-timing.js';
import { ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { ScoredChunk } from '../../chunking/chunk.js';
import { requireChunkIndex, type ChunkMetadata } from './chunk-documents.js';
import type { ComponentSettings } from './component-settings.js';

/** Builds a retriever over one configuration's chunks (called once per chunk set and settings). */
export type RetrieverFactory = (options: {
  /** One Document per chunk; keep their `metadata.chunkIndex` (or their text) in what you return. */
  documents: Document<ChunkMetadata>[];
  /** The component's own parameter values, by knob name. */
  config: ComponentSettings;
}) => BaseRetrieverInterface | Promise<BaseRetrieverInterface>;

/** A LangChain.js retriever factory registered as a value `name` of the `retrieval` parameter. */
export interface LangchainRetrieverOptions extends LangchainComponentOptions {
  create: RetrieverFactory;
}

/**
 * A retriever as first-stage retrieval: its documents, in its order, are the ranking (score by
 * rank, 1/(rank+1), since retrievers return no scores); top_k and reranking slice it as they do
 * the built-in rankings. Each query goes through ComponentCalls.
 */
export class LangchainRetriever extends LangchainComponent {
  readonly #options: LangchainRetrieverOptions;

  constructor(options: LangchainRetrieverOptions) {
    super(options, 'retriever');
    this.#options = options;
  }

  /** The user's retriever over `documents`. */
  build(documents: Document<ChunkMetadata>[], settings: ComponentSettings): Promise<BaseRetrieverInterface> {
    return Promise.resolve(this.#options.create({ documents, config: settings }));
  }

  /** Throws an LlmError when the call fails or returns a document that is no chunk. */
  async retrieve(options: {
    retriever: BaseRetrieverInterface;
    query: string;
    depth: number;
    byText: ReadonlyMap<string, number>;
  }): Promise<{ ranked: ScoredChunk[]; usage: Usage; timing: CallTiming }> {
    const reply = await this.#options.calls.run({
      component: this.name,
      attempt: async (signal) => ({
        result: (await options.retriever.invoke(options.query, { signal })) as DocumentInterface[],
        usage: ZERO_USAGE,
      }),
    });
    if (!reply.ok) throw reply.error;
    const ranked: ScoredChunk[] = [];
    const seen = new Set<number>();
    for (const document of reply.value) {
      const chunkIndex = requireChunkIndex(document, {
        component: this.name,
        byText: options.byText,
        expected: 'a chunk (keep metadata.chunkIndex or the chunk text)',
      });
      if (seen.has(chunkIndex)) continue;
      seen.add(chunkIndex);
      ranked.push({ chunkIndex, score: 1 / (ranked.length + 1) });
      if (ranked.length === options.depth) break;
    }
    return { ranked, usage: reply.usage, timing: reply };
  }
}
