import type { PipelineComponents } from '../providers/pipeline-components.js';
import { noQueryRewriterError } from '../providers/query-rewriter.js';
import { isLlmRewrite } from '../space/llm-rewrites.js';
import type { Config } from '../space/parameter-schema.js';
import type { UserPipeline } from './user/user-pipeline.js';

/**
 * Versions of what a configuration runs: a user pipeline's name and declared version (its
 * configuration names no components), else the embedder, reranker, generator and prompt (its
 * hash) the configuration names. A provider or pipeline upgrade is a change to look for when a
 * metric moves, and eval's resume re-runs a job whose versions changed.
 */
export function componentVersionsOf(options: {
  config: Config;
  /** Needed for the built-in pipeline (it names the components). */
  components?: PipelineComponents;
  pipeline?: UserPipeline;
}): Record<string, string> {
  const { config, components, pipeline } = options;
  if (pipeline) return { [`pipeline:${pipeline.name}`]: pipeline.version ?? 'unversioned' };
  if (!components) throw new Error('componentVersionsOf: the built-in pipeline needs its components');
  const out: Record<string, string> = {};
  if (typeof config.embedder === 'string')
    out[`embedder:${config.embedder}`] = components.embedder(config.embedder).version;
  if (typeof config.reranker === 'string' && config.reranker !== 'none')
    out[`reranker:${config.reranker}`] = components.reranker(config.reranker).version;
  if (typeof config.generator === 'string')
    out[`generator:${config.generator}`] = components.generator(config.generator).version;
  if (typeof config.prompt === 'string') out[`prompt:${config.prompt}`] = components.prompt(config.prompt).hash;
  const rewriter = rewriterVersion(components, config['query.rewrite']);
  if (rewriter !== undefined) out[`rewriter:${config['query.rewrite']}`] = rewriter;
  return out;
}

/**
 * The LLM query rewriter's version under `query.rewrite` multi-query / hyde (undefined for none
 * and RM3); a TuneRagError when no LLM is configured, since the rewrites cannot be written then.
 */
export function rewriterVersion(components: PipelineComponents, rewrite: unknown): string | undefined {
  if (!isLlmRewrite(rewrite)) return undefined;
  if (!components.queryRewriter) throw noQueryRewriterError(rewrite);
  return components.queryRewriter(rewrite).version;
}
