import { ComponentRegistry } from '../providers/component-registry.js';
import type { EmbedderFactory } from '../providers/embedder.js';
import type { Generator } from '../providers/generator.js';
import type { AnswerJudge } from '../providers/judges/answer-judge.js';
import type { Reranker } from '../providers/reranker.js';
import type { ComponentCallsOptions } from '../llm/component-calls.js';
import { ComponentCalls } from '../llm/component-calls.js';
import type { PriceTable } from '../llm/price-table.js';
import type { LangchainComponents } from '../project/langchain-project.js';
import { registerLangchainComponents } from '../project/register-langchain.js';

/** Components to register at once; see `ComponentRegistry.register*`. */
export interface ComponentsOptions {
  embedders?: readonly EmbedderFactory[];
  rerankers?: readonly Reranker[];
  generators?: readonly Generator[];
  /** Judges by the name a run selects them with. */
  judges?: Readonly<Record<string, AnswerJudge>>;
  /** Folder of the generator prompt templates (`*.md`); default the package's prompts/generate. */
  promptsDir?: string;
  /**
   * LangChain.js components (Embeddings, BaseChatModel, document compressors, retriever and vector
   * store factories), the same objects a project file's `components` holds.
   */
  langchain?: LangchainComponents;
  /** Timeouts, retries, concurrency and spend cap of the LangChain.js components' calls. */
  langchainCalls?: ComponentCallsOptions;
  /** Prices of the LangChain.js chat models (by model name) over the built-in table. */
  prices?: PriceTable;
}

/**
 * A component registry holding the local components plus the given ones. Pass it as
 * `components` to `tune`, `runConfiguration` and `defineSearchSpace`: a registered embedder,
 * reranker or generator becomes a value its parameter may take (`embedder: ['my-embedder']`).
 * More can be added later with `registerEmbedder` etc., before the registry is first used.
 */
export function createComponents(options: ComponentsOptions = {}): ComponentRegistry {
  const registry = new ComponentRegistry({ promptsDir: options.promptsDir });
  for (const embedder of options.embedders ?? []) registry.registerEmbedder(embedder);
  for (const reranker of options.rerankers ?? []) registry.registerReranker(reranker);
  for (const generator of options.generators ?? []) registry.registerGenerator(generator);
  for (const [name, judge] of Object.entries(options.judges ?? {})) registry.registerJudge(name, judge);
  if (options.langchain)
    registerLangchainComponents(registry, options.langchain, {
      calls: new ComponentCalls(options.langchainCalls),
      prices: options.prices,
      maxCostUsd: options.langchainCalls?.maxCostUsd,
    });
  return registry;
}
