import { z } from 'zod';

// The custom messages below are what a user reads after `qa.jsonl:12: field "answers": `, so
// they say what the field should look like rather than zod's generic wording.

/** One corpus document. Extra keys are tolerated (kept, ignored). */
export const CorpusDocSchema = z
  .object({
    id: z.string('expected a non-empty string').min(1, 'id must be a non-empty string'),
    // null is common in exported corpora and means the same as no title.
    title: z.string('expected a string or null').nullable().transform((t) => t ?? undefined).optional(),
    text: z.string('expected a string (the document text)'),
  })
  .passthrough();
export type CorpusDoc = z.infer<typeof CorpusDocSchema>;

/** A gold character span inside a corpus document: [start, end) into `text`. */
export const AnswerSpanSchema = z.object({
  doc_id: z.string('expected a document id (string)'),
  start: z.number('expected a character offset (integer ≥ 0)').int('expected an integer').nonnegative('expected an offset ≥ 0'),
  end: z.number('expected a character offset (integer ≥ 0)').int('expected an integer').nonnegative('expected an offset ≥ 0'),
});
export type AnswerSpan = z.infer<typeof AnswerSpanSchema>;

/**
 * One question. `answers` may be empty for retrieval-only datasets (BEIR).
 * Unknown keys (type, level, ...) are tolerated.
 */
export const QaItemSchema = z
  .object({
    id: z.string('expected a non-empty string').min(1, 'id must be a non-empty string'),
    question: z.string('expected a non-empty string').min(1, 'question must be a non-empty string'),
    answers: z.array(z.string('expected a string'), 'expected an array of strings, e.g. ["Paris"]').default([]),
    gold_doc_ids: z.array(z.string('expected a string'), 'expected an array of document ids, e.g. ["doc-1"]').optional(),
    answer_spans: z.array(AnswerSpanSchema, 'expected an array of {"doc_id", "start", "end"} objects').optional(),
  })
  .passthrough();
export type QaItem = z.infer<typeof QaItemSchema>;

export type DatasetFormat = 'native' | 'beir' | 'squad' | 'folder';

/** A loaded, validated dataset. Immutable once loaded. */
export interface Dataset {
  /** Short name (folder or file base name). */
  name: string;
  /** Where it was loaded from (absolute path). */
  source: string;
  format: DatasetFormat;
  docs: CorpusDoc[];
  questions: QaItem[];
  /** Content hash of docs + questions (not paths), so caches survive moving the folder. */
  fingerprint: string;
  /** False when no question has a reference answer: only retrieval metrics apply. */
  hasAnswers: boolean;
  /** False when no question has gold documents or spans. */
  hasGold: boolean;
  /** Non-fatal findings of loading and validation (dropped queries, skipped questions, ...). */
  warnings?: string[];
}
