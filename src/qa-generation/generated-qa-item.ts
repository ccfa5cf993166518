import { z } from 'zod';
import type { QaItem } from '../data/dataset-schema.js';
import type { CandidateQuestion } from './candidate-question.js';

/** Name and version of the offline generator, recorded in every line it writes. */
export const OFFLINE_GENERATOR = 'offline-template';
/** Bump when a change to the generator or its filters changes what it writes (reuse keys on it). */
export const OFFLINE_GENERATOR_VERSION = '8';

/** Filters a generated question passed, in the order they ran. */
export const FILTER_NAMES = ['unambiguous', 'answerable', 'unique', 'discriminative', 'coverage'] as const;

/**
 * Where a generated qa line came from: `source` gives the sentence and the answer span as
 * character offsets into the source document's text; `overlap` is the content-term Jaccard with
 * that sentence; `probes_answered` the share of probe configurations that answered it. A
 * two-document question's `source.partner` gives the other document, the sentence its other clue
 * comes from and the linking span there (the shared name); `overlap` is then the larger of its
 * overlaps with the two sentences.
 */
export const GenerationProvenanceSchema = z.object({
  generator: z.string(),
  version: z.string(),
  seed: z.number().int(),
  type: z.string(),
  source: z.object({
    doc_id: z.string(),
    sentence: z.object({ start: z.number().int(), end: z.number().int() }),
    answer: z.object({ start: z.number().int(), end: z.number().int() }),
    partner: z
      .object({
        doc_id: z.string(),
        sentence: z.object({ start: z.number().int(), end: z.number().int() }),
        span: z.object({ start: z.number().int(), end: z.number().int() }),
      })
      .optional(),
  }),
  overlap: z.number(),
  probes_answered: z.number().optional(),
  filters: z.array(z.string()),
});
export type GenerationProvenance = z.infer<typeof GenerationProvenanceSchema>;

/**
 * A candidate as a native qa line: the answer is both `answers[0]` and its exact span. A
 * two-document question has both documents in `gold_doc_ids` (the answer's first) and both spans
 * in `answer_spans` (the answer, then the linking span in the other document), so retrieval is
 * scored on finding both.
 */
export function toQaItem(options: {
  candidate: CandidateQuestion;
  id: string;
  provenance?: GenerationProvenance;
}): QaItem {
  const { candidate: c, id, provenance } = options;
  return {
    id,
    question: c.question,
    answers: [c.answer],
    gold_doc_ids: c.partner ? [c.docId, c.partner.docId] : [c.docId],
    answer_spans: [
      { doc_id: c.docId, start: c.answerStart, end: c.answerEnd },
      ...(c.partner ? [{ doc_id: c.partner.docId, start: c.partner.spanStart, end: c.partner.spanEnd }] : []),
    ],
    type: c.type,
    ...(provenance ? { provenance } : {}),
  };
}

/** The provenance of a candidate that passed `filters` under `seed`. */
export function provenanceOf(options: {
  candidate: CandidateQuestion;
  seed: number;
  filters: readonly string[];
}): GenerationProvenance {
  const { candidate: c, seed, filters } = options;
  return {
    generator: OFFLINE_GENERATOR,
    version: OFFLINE_GENERATOR_VERSION,
    seed,
    type: c.type,
    source: {
      doc_id: c.docId,
      sentence: { start: c.sentenceStart, end: c.sentenceEnd },
      answer: { start: c.answerStart, end: c.answerEnd },
      ...(c.partner
        ? {
            partner: {
              doc_id: c.partner.docId,
              sentence: { start: c.partner.sentenceStart, end: c.partner.sentenceEnd },
              span: { start: c.partner.spanStart, end: c.partner.spanEnd },
            },
          }
        : {}),
    },
    overlap: Math.round(c.overlap * 1000) / 1000,
    ...(c.probeAnswered === undefined ? {} : { probes_answered: Math.round(c.probeAnswered * 1000) / 1000 }),
    filters: [...filters],
  };
}
