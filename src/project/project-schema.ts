import { z } from 'zod';
import { SearchSpaceSchema } from '../space/parameter-schema.js';

/** Component names: lower-case, digits, `-` and `_`, so `<name>.<knob>` is a valid parameter name. */
const NameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_", starting with a letter (e.g. "my-bm25")');

/** A knob name: one lower-case word. */
const KnobSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a knob name is one lower-case word (e.g. "k")');

/** A value given as itself or as a function of the component's settings: checked by `looksLike`. */
function instanceOrFactory(what: string, methods: readonly string[]) {
  return z.custom<unknown>(
    (value) =>
      typeof value === 'function' ||
      (typeof value === 'object' &&
        value !== null &&
        methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function')),
    { message: `expected ${what} (an object with ${methods.join(', ')}) or a function of the settings returning one` },
  );
}

const FactorySchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'expected a function',
});

/** One declared parameter of a component; `default` is used when a space does not set it. */
export const DeclaredParamSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('int'),
      low: z.number().int(),
      high: z.number().int(),
      log: z.boolean().optional(),
      default: z.number().int(),
      description: z.string().optional(),
    }),
    z.strictObject({
      type: z.literal('float'),
      low: z.number(),
      high: z.number(),
      log: z.boolean().optional(),
      default: z.number(),
      description: z.string().optional(),
    }),
    z.strictObject({
      type: z.literal('categorical'),
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
      default: z.union([z.string(), z.number(), z.boolean()]),
      description: z.string().optional(),
    }),
  ])
  .superRefine((p, ctx) => {
    if (p.type === 'categorical') {
      if (!p.values.includes(p.default))
        ctx.addIssue({ code: 'custom', path: ['default'], message: `must be one of ${JSON.stringify(p.values)}` });
      return;
    }
    if (p.low > p.high) ctx.addIssue({ code: 'custom', path: ['high'], message: `must be at least low (${p.low})` });
    if (p.default < p.low || p.default > p.high)
      ctx.addIssue({ code: 'custom', path: ['default'], message: `must be within [${p.low}, ${p.high}]` });
  });
export type DeclaredParam = z.infer<typeof DeclaredParamSchema>;

const common = {
  name: NameSchema,
  /** Bump when outputs change for the same name and settings: it is part of the stage cache key. */
  version: z.string().min(1).optional(),
  description: z.string().optional(),
  params: z.record(KnobSchema, DeclaredParamSchema).optional(),
};

/** What a project file may register; every entry becomes a value of its space parameter. */
export const ProjectComponentsSchema = z.strictObject({
  embedders: z
    .array(
      z.strictObject({
        ...common,
        embeddings: instanceOrFactory('LangChain Embeddings', ['embedDocuments', 'embedQuery']),
        local: z.boolean().optional(),
        batchSize: z.number().int().positive().optional(),
      }),
    )
    .optional(),
  generators: z
    .array(
      z.strictObject({
        ...common,
        model: instanceOrFactory('a LangChain BaseChatModel', ['invoke']),
        priceModel: z.string().optional(),
        maxTokens: z.number().int().positive().optional(),
      }),
    )
    .optional(),
  judges: z
    .array(
      z.strictObject({
        name: NameSchema,
        model: instanceOrFactory('a LangChain BaseChatModel', ['invoke']),
        priceModel: z.string().optional(),
      }),
    )
    .optional(),
  rerankers: z
    .array(
      z.strictObject({
        ...common,
        compressor: instanceOrFactory('a LangChain BaseDocumentCompressor', ['compressDocuments']),
      }),
    )
    .optional(),
  retrievers: z.array(z.strictObject({ ...common, create: FactorySchema })).optional(),
  vectorStores: z.array(z.strictObject({ ...common, create: FactorySchema })).optional(),
});

/**
 * A project file's default export (tune-rag.config.ts and friends). `space`: a search-space file
 * (relative to the project file) or a space object, used when no `--space` is given. `pipeline`
 * is accepted as is and passed through for the user-pipeline feature.
 */
export const ProjectFileSchema = z.strictObject({
  components: ProjectComponentsSchema.optional(),
  space: z.union([z.string().min(1), SearchSpaceSchema]).optional(),
  pipeline: z.unknown().optional(),
});
export type ProjectFile = z.infer<typeof ProjectFileSchema>;
