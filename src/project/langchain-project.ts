import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import type { BySettings } from '../providers/langchain/component-settings.js';
import type { RetrieverFactory } from '../providers/langchain/langchain-retriever.js';
import type { VectorStoreFactory } from '../providers/langchain/langchain-vector-store.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import type { DeclaredParam } from './project-schema.js';

/** What every registered LangChain.js component may say about itself. */
export interface LangchainEntry {
  /** Its value in the space (lower-case, digits, `-`, `_`); its parameters are `<name>.<knob>` (`-` as `_`). */
  name: string;
  /** Bump when its outputs change for the same name and settings: part of its stage's cache key. Default "1". */
  version?: string;
  description?: string;
  /** Its own parameters, by knob; their values reach it as `settings` / `config`. */
  params?: Record<string, DeclaredParam>;
}

/** The LangChain.js components of a project (file or `createComponents({ langchain })`). */
export interface LangchainComponents {
  embedders?: (LangchainEntry & {
    embeddings: BySettings<EmbeddingsInterface>;
    /** True when it runs offline without a download. */
    local?: boolean;
    batchSize?: number;
  })[];
  generators?: (LangchainEntry & {
    model: BySettings<BaseChatModel>;
    /** The model's name in the price table (default: the model's `model` field). */
    priceModel?: string;
    maxTokens?: number;
  })[];
  /** Judges by name, selected with `--judge NAME`-style options of the library (`runConfiguration({ judge })`). */
  judges?: { name: string; model: BaseChatModel; priceModel?: string }[];
  rerankers?: (LangchainEntry & { compressor: BySettings<BaseDocumentCompressor> })[];
  retrievers?: (LangchainEntry & { create: RetrieverFactory })[];
  vectorStores?: (LangchainEntry & { create: VectorStoreFactory })[];
}

/** A project file's default export (or what its default-exported function returns). */
export interface TuneRagProject {
  components?: LangchainComponents;
  /** A search-space file (relative to the project file) or a space object; used when no `--space` is given. */
  space?: string | SearchSpace;
  /** A user pipeline; passed through untouched (see the user-pipeline feature). */
  pipeline?: unknown;
}
