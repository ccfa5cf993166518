import type { EmbedderFactory } from './embedder.js';
import type { Generator } from './generator.js';
import type { Reranker } from './reranker.js';
import type { LangchainRetriever } from './langchain/langchain-retriever.js';
import type { LangchainVectorStore } from './langchain/langchain-vector-store.js';
import type { QueryRewriter } from './query-rewriter.js';
import type { LlmRewrite } from '../space/llm-rewrites.js';

/** A prompt template and the hash of its text (part of the generate stage's cache key). */
export interface PromptTemplate {
  name: string;
  text: string;
  hash: string;
}

/**
 * How the pipeline finds the components a configuration names. The stages only see this
 * interface, so OpenAI-compatible components slot in beside the local ones without touching them.
 */
export interface PipelineComponents {
  embedder(name: string): EmbedderFactory;
  reranker(name: string): Reranker;
  generator(name: string): Generator;
  prompt(name: string): PromptTemplate;
  /** A registered retriever named by `retrieval`; null for built-in retrieval. Absent: none registered. */
  retriever?(name: string): LangchainRetriever | null;
  /** A registered vector store named by `vector_store`; null for the built-in index. */
  vectorStore?(name: string | undefined): LangchainVectorStore | null;
  /** The LLM query rewriter for `rewrite` (a `query.rewrite` value); throws when no LLM is configured. */
  queryRewriter?(rewrite: LlmRewrite): QueryRewriter;
}
