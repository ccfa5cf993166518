import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CacheHealth } from '../cache/cache-health.js';
import { TuneRagError, optionRef } from '../errors.js';
import { LlmJudge } from './judges/llm-judge.js';
import type { ComponentRegistry } from './component-registry.js';
import { OpenAiEmbedderFactory } from './remote/openai-embedder.js';
import { OpenAiGenerator } from './remote/openai-generator.js';
import { LlmReranker } from './remote/llm-reranker.js';
import { LlmQueryRewriter } from './remote/llm-query-rewriter.js';
import { LlmClient, type LlmClientOptions } from '../llm/llm-client.js';
import { resolveLlmEndpoint } from '../llm/llm-endpoint.js';
import { MemoryRequestCache, SqliteRequestCache, type RequestCache } from '../llm/request-cache.js';

/** The LLM side of one run: its client (for stats), the optional judge, and cleanup. */
export interface LlmSetup {
  client: LlmClient;
  /** Present when `judge` was requested. */
  judge: LlmJudge | null;
  /** Names registered, for messages (`llm:gpt-4o-mini`, `llm-embed:…`, `llm-rerank`). */
  registered: { generator: string; embedder: string | null; reranker: string };
  /** The registry the LLM components were registered in: `tune({ llm })` uses it when no `components` is given. */
  registry: ComponentRegistry;
  /** Closes the request cache file. Call once the run is over. */
  close(): void;
}

/**
 * Creates the one LlmClient of a run from `--llm provider:model` and the environment, and
 * registers the LLM components with `registry`: generator `llm:<model>`, the `llm-rerank`
 * reranker, the query rewriter (`query.rewrite` multi-query / hyde), and `llm-embed:<model>` when
 * an embedding model is given. Register before building
 * the workspace's catalogue, which lists the registry's names.
 *
 * Throws TuneRagError ('config') for a bad spec, a missing key, a spend cap on an unpriced model,
 * or an embedding spec naming another provider than the chat model's.
 */
export function configureLlm(options: {
  registry: ComponentRegistry;
  /** e.g. `openai:gpt-4o-mini`. */
  spec: string;
  env?: NodeJS.ProcessEnv;
  /** `--llm-embed`, e.g. `openai:text-embedding-3-small`; served by the same endpoint. */
  embedSpec?: string;
  /** Requested embedding size (text-embedding-3 models); default: the model's own. */
  embedDimensions?: number;
  maxCostUsd?: number | null;
  /** SQLite file for the request cache; default: an in-memory cache for this process only. */
  cacheFile?: string;
  /** Counts the request cache's corrupt reads and failed writes (shared with the stage cache). */
  cacheHealth?: CacheHealth;
  judge?: boolean;
  /** Client overrides (timeouts, retry policy, prices); tests shorten backoff with it. */
  client?: Partial<Omit<LlmClientOptions, 'endpoint' | 'maxCostUsd' | 'cache'>>;
}): LlmSetup {
  const env = options.env ?? process.env;
  const endpoint = resolveLlmEndpoint({ spec: options.spec, env });
  const embedModel = options.embedSpec === undefined ? null : embeddingModel(options.embedSpec, endpoint.provider);
  let cache: RequestCache;
  let close = () => {};
  if (options.cacheFile) {
    mkdirSync(dirname(options.cacheFile), { recursive: true });
    const sqlite = new SqliteRequestCache({ file: options.cacheFile, health: options.cacheHealth });
    cache = sqlite;
    close = () => sqlite.close();
  } else {
    cache = new MemoryRequestCache();
  }
  const client = new LlmClient({ ...options.client, endpoint, maxCostUsd: options.maxCostUsd ?? null, cache });
  const generator = new OpenAiGenerator({ client });
  options.registry.registerGenerator(generator);
  const reranker = new LlmReranker({ client });
  options.registry.registerReranker(reranker);
  // Makes query.rewrite multi-query and hyde available (the same client: one spend cap, one cache).
  options.registry.registerQueryRewriter(new LlmQueryRewriter({ client }));
  let embedder: string | null = null;
  if (embedModel) {
    const factory = new OpenAiEmbedderFactory({ client, model: embedModel, dimensions: options.embedDimensions });
    options.registry.registerEmbedder(factory);
    embedder = factory.name;
  }
  return {
    client,
    judge: options.judge ? new LlmJudge({ client }) : null,
    registered: { generator: generator.name, embedder, reranker: reranker.name },
    registry: options.registry,
    close,
  };
}

/** The model of `--llm-embed provider:model`; the provider must be the chat endpoint's. */
function embeddingModel(spec: string, provider: string): string {
  const colon = spec.indexOf(':');
  const embedProvider = colon < 0 ? '' : spec.slice(0, colon).trim().toLowerCase();
  const model = colon < 0 ? '' : spec.slice(colon + 1).trim();
  if (!model || embedProvider !== provider) {
    throw new TuneRagError('config', `${optionRef('llmEmbed')} "${spec}": expected ${provider}:<embedding model>`, {
      hint: `embeddings are served by the ${optionRef('llm')} endpoint, e.g. ${optionRef('llmEmbed')} ${provider}:text-embedding-3-small`,
    });
  }
  return model;
}
