import { optionRef, TuneRagError } from '../errors.js';
import { readPipelineConfig, type PipelineConfig } from '../pipeline/pipeline-config.js';
import { LOCAL_EMBEDDERS } from '../providers/local/local-embedders.js';
import { LOCAL_GENERATORS } from '../providers/local/local-generators.js';
import { LOCAL_RERANKERS } from '../providers/local/local-rerankers.js';
import { isLlmRewrite } from '../space/llm-rewrites.js';
import { withoutNeutralValues } from '../space/neutral-values.js';
import type { Config } from '../space/parameter-schema.js';

/** The keys the exporter renders, each to a LangChain part (see render-langchain-module.ts). */
const RENDERED_KEYS = new Set([
  'chunk.strategy',
  'chunk.size',
  'chunk.overlap',
  'retrieval',
  'embedder',
  'fusion',
  'fusion.weight',
  'top_k',
  'reranker',
  'rerank.candidates',
  'mmr.lambda',
  'generator',
  'context.max_tokens',
  'prompt',
  'temperature',
  // Query rewriting and context shaping (issue 15): TuneRagRm3Retriever and the context transformers.
  'query.rewrite',
  'rm3.terms',
  'rm3.docs',
  'rm3.weight',
  'context.expand',
  'context.window',
  'parent.size',
  'context.compress',
  'compress.keep',
  'context.order',
]);

/** True for tune-rag's OpenAI-compatible generators, named `llm:<model>` (see OpenAiGenerator). */
export function isLlmGenerator(name: string): boolean {
  return /^llm:.+/.test(name);
}

const COMPONENTS = {
  embedder: LOCAL_EMBEDDERS.map((e) => e.name),
  reranker: ['none', ...LOCAL_RERANKERS.map((r) => r.name)],
  generator: [...LOCAL_GENERATORS.map((g) => g.name), 'llm:<model>'],
};

/**
 * The typed configuration of a trial the exporter can render faithfully, or a TuneRagError
 * ('config') naming the first parameter it cannot: an unknown key, or a component other than tune-rag's offline ones (the LangChain
 * wrappers of `tune-rag/langchain` cover those) and its OpenAI-compatible generators (rendered as
 * ChatOpenAI). Never an approximate export.
 */
export function exportableConfig(options: { config: Config; trial: number }): PipelineConfig {
  const { config, trial } = options;
  const where = `trial #${trial}`;
  // Components first: an LLM generator's own keys (prompt, temperature) would otherwise be named instead.
  for (const [key, known] of Object.entries(COMPONENTS)) {
    const value = config[key];
    if (value === undefined || known.includes(String(value))) continue;
    // An OpenAI-compatible chat model (`--llm provider:model`) is rendered as LangChain's ChatOpenAI.
    if (key === 'generator' && isLlmGenerator(String(value))) continue;
    throw new TuneRagError(
      'config',
      `cannot export ${where}: "${key}" = ${JSON.stringify(value)} has no LangChain rendering (exportable: ${known.join(', ')})`,
      {
        hint: `Export a trial with an offline component (see tune-rag show <study>), chosen with ${optionRef('trial')}.`,
      },
    );
  }
  const rewrite = config['query.rewrite'];
  if (isLlmRewrite(rewrite))
    throw new TuneRagError(
      'config',
      `cannot export ${where}: "query.rewrite" = ${JSON.stringify(rewrite)} (an LLM query rewrite) has no LangChain rendering yet (exportable: none, rm3)`,
      {
        hint: `Export a trial without an LLM query rewrite (see tune-rag show <study>), chosen with ${optionRef('trial')}.`,
      },
    );
  for (const [key, value] of Object.entries(config)) {
    if (RENDERED_KEYS.has(key)) continue;
    throw new TuneRagError(
      'config',
      `cannot export ${where}: the exporter does not know the parameter "${key}" (= ${JSON.stringify(value)})`,
      { hint: `Export a trial without it (see tune-rag show <study>), and choose it with ${optionRef('trial')}.` },
    );
  }
  // A switch at its neutral value is the configuration without it (as tune-rag resolves it).
  return readPipelineConfig(withoutNeutralValues(config));
}
