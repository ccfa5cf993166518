import { z } from 'zod';
import { CHUNKING_STRATEGIES } from '../chunking/chunker.js';
import { TuneRagError } from '../errors.js';
import type { Config } from '../space/parameter-schema.js';

/**
 * The configuration of the built-in pipeline as the stages read it: one typed field per
 * parameter of the catalogue (src/space/catalogue.ts). Parameters that are only active under a
 * condition (`embedder` without BM25-only retrieval, `prompt` for LLM generators...) are optional,
 * because a resolved configuration drops inactive keys. Component names stay strings: which ones
 * exist depends on the registry, which the catalogue checked already.
 *
 * tests/pipeline/pipeline-config.test.ts holds this schema to the catalogue, key for key.
 */
export const PipelineConfigSchema = z
  .object({
    'chunk.strategy': z.enum(CHUNKING_STRATEGIES),
    'chunk.size': z.number().int(),
    'chunk.overlap': z.number().optional(),
    /** dense, bm25, hybrid, or a registered retriever's name (the catalogue checked which exist). */
    retrieval: z.string(),
    embedder: z.string().optional(),
    fusion: z.enum(['rrf', 'weighted']).optional(),
    'fusion.weight': z.number().optional(),
    top_k: z.number().int(),
    reranker: z.string(),
    'rerank.candidates': z.number().int().optional(),
    'mmr.lambda': z.number().optional(),
    generator: z.string(),
    prompt: z.string().optional(),
    temperature: z.number().optional(),
    'context.max_tokens': z.number().int(),
    // Switches whose neutral value (none / rank) is dropped when resolving: absent means off.
    'query.rewrite': z.enum(['none', 'rm3', 'multi-query', 'hyde']).optional(),
    'multi_query.count': z.number().int().optional(),
    'rm3.terms': z.number().int().optional(),
    'rm3.docs': z.number().int().optional(),
    'rm3.weight': z.number().optional(),
    'context.expand': z.enum(['none', 'window', 'parent']).optional(),
    'context.window': z.number().int().optional(),
    'parent.size': z.number().int().optional(),
    'context.compress': z.enum(['none', 'sentences']).optional(),
    'compress.keep': z.number().optional(),
    'context.order': z.enum(['rank', 'ends']).optional(),
  })
  .superRefine((config, ctx) => {
    // The cross-key rules the stages rely on: dense vectors need a model, weighted fusion a weight.
    if ((config.retrieval === 'dense' || config.retrieval === 'hybrid') && config.embedder === undefined)
      ctx.addIssue({ code: 'custom', path: ['embedder'], message: `required when retrieval is "${config.retrieval}"` });
    if (config.retrieval === 'hybrid' && config.fusion === 'weighted' && config['fusion.weight'] === undefined)
      ctx.addIssue({ code: 'custom', path: ['fusion.weight'], message: 'required when fusion is "weighted"' });
    for (const [key, switchKey, value] of SUB_PARAMETERS) {
      if (config[switchKey] === value && config[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `required when ${switchKey} is "${value}"` });
    }
  });

/** Sub-parameters a stage needs under one value of its switch: [key, switch, value]. */
const SUB_PARAMETERS = [
  ['rm3.terms', 'query.rewrite', 'rm3'],
  ['rm3.docs', 'query.rewrite', 'rm3'],
  ['rm3.weight', 'query.rewrite', 'rm3'],
  ['multi_query.count', 'query.rewrite', 'multi-query'],
  ['context.window', 'context.expand', 'window'],
  ['parent.size', 'context.expand', 'parent'],
  ['compress.keep', 'context.compress', 'sentences'],
] as const;

/** A validated configuration of the built-in pipeline (see {@link PipelineConfigSchema}). */
export type PipelineConfig = z.infer<typeof PipelineConfigSchema>;

/**
 * Validates a configuration once and returns its typed view, so stages read `config.top_k` as a
 * number instead of casting. Throws a TuneRagError naming every offending key. A configuration
 * resolved against the catalogue (resolveConfig) always passes; keys the pipeline does not know
 * are left out of the view.
 */
export function readPipelineConfig(config: Config): PipelineConfig {
  const parsed = PipelineConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `"${issue.path.join('.') || '(configuration)'}": ${issue.message}`,
  );
  throw new TuneRagError('config', `invalid pipeline configuration:\n  - ${problems.join('\n  - ')}`, {
    hint: 'Resolve the configuration against the search space first; `tune-rag space` lists every parameter with its allowed values.',
  });
}
