import { z } from 'zod';

/**
 * A component and the version that enters its stage cache key; null for an LLM generator, whose
 * version is its endpoint's (given by --llm when tuning, not stored in the study).
 */
const component = z.object({ name: z.string(), version: z.string().nullable() });
const metricValues = z.record(z.string(), z.number().nullable());

/**
 * The `--format json` export of one trial: everything needed to rebuild and re-check it. Documented
 * in README.md ("Export"); tests/export/export-manifest.test.ts holds a demo trial's exact content.
 */
export const ExportManifestSchema = z.object({
  /** Bumped when a field changes meaning. */
  format: z.literal('tune-rag-export/1'),
  tuneRagVersion: z.string(),
  study: z.string(),
  /** The trial's number inside the study (`#N` in `tune-rag show`), and whether it is the study's best. */
  trial: z.object({ number: z.number().int(), state: z.enum(['complete', 'pruned']), best: z.boolean() }),
  /** The active parameters of the trial, as tune-rag ran them. */
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Each component the configuration uses, with the version that enters its stage cache key. */
  components: z.object({
    embedder: component.nullable(),
    reranker: component.nullable(),
    generator: component,
    /** The prompt template of an LLM generator and the hash of its text (null for local generators). */
    prompt: z.object({ name: z.string(), hash: z.string() }).nullable(),
  }),
  seeds: z.object({
    /** The study's --seed (question samples, proposers). */
    study: z.number(),
    /** hnswlib's level generator seed of the dense index (null without dense retrieval). */
    hnsw: z.number().nullable(),
  }),
  dataset: z.object({ name: z.string(), fingerprint: z.string(), documents: z.number(), questions: z.number() }),
  space: z.object({ name: z.string(), hash: z.string() }),
  /** Questions the trial's metrics were measured on (its highest rung). */
  questions: z.number().int(),
  objectives: metricValues,
  metrics: metricValues,
});

/** See {@link ExportManifestSchema}. */
export type ExportManifest = z.infer<typeof ExportManifestSchema>;
