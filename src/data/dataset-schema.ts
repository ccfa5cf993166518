import { z } from 'zod';

/** One corpus document. Extra keys are tolerated (kept, ignored). */
export const CorpusDocSchema = z
  .object({
    id: z.string().min(1, 'id must be a non-empty string'),
    title: z.string().optional(),
    text: z.string(),
  })
  .passthrough();
export type CorpusDoc = z.infer<typeof CorpusDocSchema>;

/** A gold character span inside a corpus document: [start, end) into `text`. */
export const AnswerSpanSchema = z.object({
  doc_id: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type AnswerSpan = z.infer<typeof AnswerSpanSchema>;

/**
 * One question. `answers` may be empty for retrieval-only datasets (BEIR).
 * Unknown keys (type, level, ...) are tolerated.
 */
export const QaItemSchema = z
  .object({
    id: z.string().min(1, 'id must be a non-empty string'),
    question: z.string().min(1, 'question must be a non-empty string'),
    answers: z.array(z.string()).default([]),
    gold_doc_ids: z.array(z.string()).optional(),
    answer_spans: z.array(AnswerSpanSchema).optional(),
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
}
