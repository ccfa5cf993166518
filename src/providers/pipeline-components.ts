import type { EmbedderFactory } from './embedder.js';
import type { Generator } from './generator.js';
import type { Reranker } from './reranker.js';

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
}
