import { z } from 'zod';

/**
 * Declarations of tunable parameters. A search space is data: proposers (built-in or an LLM agent)
 * read these declarations, never code, so the same file drives every strategy.
 */

export const ParamValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type ParamValue = z.infer<typeof ParamValueSchema>;

/**
 * Groups order the greedy proposer ("models first") and help humans read the space. `pipeline`
 * is the default group of a user pipeline's own parameters.
 */
export const PARAM_GROUPS = [
  'generator',
  'embedder',
  'chunking',
  'retrieval',
  'reranking',
  'context',
  'pipeline',
] as const;
export const ParamGroupSchema = z.enum(PARAM_GROUPS);
export type ParamGroup = z.infer<typeof ParamGroupSchema>;

/**
 * `when`: the parameter is active only if every named parameter is active and has one of the
 * listed values. An empty list means "never active" (e.g. temperature when no LLM generator exists).
 */
export const ConditionSchema = z.record(z.string(), z.array(ParamValueSchema));
export type Condition = z.infer<typeof ConditionSchema>;

const PARAM_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

const base = {
  name: z.string().regex(PARAM_NAME, 'parameter names are lower-case words joined by dots, e.g. "chunk.size"'),
  description: z.string().default(''),
  group: ParamGroupSchema,
  when: ConditionSchema.optional(),
};

export const IntParamSchema = z
  .object({
    ...base,
    type: z.literal('int'),
    low: z.number().int(),
    high: z.number().int(),
    log: z.boolean().default(false),
    step: z.number().int().positive().optional(),
  })
  .strict();
export const FloatParamSchema = z
  .object({
    ...base,
    type: z.literal('float'),
    low: z.number(),
    high: z.number(),
    log: z.boolean().default(false),
    step: z.number().positive().optional(),
  })
  .strict();
export const CategoricalParamSchema = z
  .object({
    ...base,
    type: z.literal('categorical'),
    values: z.array(ParamValueSchema).min(1, 'a categorical parameter needs at least one value'),
  })
  .strict();

export const ParamSchema = z
  .discriminatedUnion('type', [IntParamSchema, FloatParamSchema, CategoricalParamSchema])
  .superRefine((param, ctx) => {
    if (param.type === 'categorical') {
      if (new Set(param.values).size !== param.values.length)
        ctx.addIssue({ code: 'custom', path: ['values'], message: 'values must be distinct' });
      return;
    }
    if (param.low > param.high)
      ctx.addIssue({
        code: 'custom',
        path: ['low'],
        message: `low (${param.low}) must not exceed high (${param.high})`,
      });
    if (param.log && param.low <= 0)
      ctx.addIssue({ code: 'custom', path: ['log'], message: 'a log-scaled range needs low > 0' });
  });
export type Param = z.infer<typeof ParamSchema>;
export type IntParam = z.infer<typeof IntParamSchema>;
export type FloatParam = z.infer<typeof FloatParamSchema>;
export type CategoricalParam = z.infer<typeof CategoricalParamSchema>;

export const SearchSpaceSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().default('custom'),
    description: z.string().default(''),
    parameters: z.array(ParamSchema).min(1, 'a search space needs at least one parameter'),
  })
  .strict();
export type SearchSpace = z.infer<typeof SearchSpaceSchema>;

/** A configuration: parameter name -> value, flat (e.g. {"chunk.size": 256}). */
export const ConfigValuesSchema = z.record(z.string(), ParamValueSchema);
export type Config = z.infer<typeof ConfigValuesSchema>;
