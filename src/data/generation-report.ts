import { z } from 'zod';

/** One step of generation and how many questions it removed. */
export const FilterCountSchema = z.object({ name: z.string(), dropped: z.number().int(), reason: z.string() });

/**
 * `generation.json`, written beside a generated qa.jsonl: what was asked, how many candidates
 * each step removed and why, and what was written. `key` identifies the inputs (documents,
 * settings, generator version): the same key means the set can be reused as it is.
 */
export const GenerationReportSchema = z.object({
  key: z.string(),
  generator: z.string(),
  version: z.string(),
  seed: z.number().int(),
  requested: z.number().int(),
  types: z.array(z.string()),
  documents: z.number().int(),
  /** Offline generator only: sentences read and those with a typed answer. */
  sentences: z.number().int().optional(),
  informative_sentences: z.number().int().optional(),
  candidates: z.number().int(),
  /** Offline generator with two-document questions: pairs of documents related by a shared rare name. */
  related_pairs: z.number().int().optional(),
  filters: z.array(FilterCountSchema),
  /** How many questions all filters but the final coverage pick left: the most `requested` could be. */
  possible: z.number().int(),
  written: z.number().int(),
  documents_covered: z.number().int(),
  type_counts: z.record(z.string(), z.number().int()),
});
export type GenerationReport = z.infer<typeof GenerationReportSchema>;
