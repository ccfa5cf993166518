import { z } from 'zod';

// The custom messages below are what a user reads after `qa.jsonl:12: field "answers": `, so
// they say what the field should look like rather than zod's generic wording.

const offset = z
  .number('expected a character offset (integer ≥ 0)')
  .int('expected an integer')
  .nonnegative('expected an offset ≥ 0');

/** A document's optional title; null is common in exported corpora and means the same as no title. */
export const DocTitleSchema = z
  .string('expected a string or null')
  .nullable()
  .transform((t) => t ?? undefined)
  .optional();

/** A document's text. */
export const DocTextSchema = z.string('expected a string (the document text)');

/** Where one page of a PDF lies in its document's `text`: [start, end), page numbers from 1. */
export const PageSpanSchema = z.object({ page: z.number().int().positive(), start: offset, end: offset });
export type PageSpan = z.infer<typeof PageSpanSchema>;

/**
 * Where one section of a DOCX lies in its document's `text`: [start, end), from its heading to
 * the next heading. Text before the first heading is a section without `heading` and `level`.
 */
export const SectionSpanSchema = z.object({
  heading: z.string().optional(),
  /** 1 for a Heading 1, ... 6. */
  level: z.number().int().min(1).max(6).optional(),
  start: offset,
  end: offset,
});
export type SectionSpan = z.infer<typeof SectionSpanSchema>;

/**
 * One corpus document. Extra keys are tolerated (kept, ignored). `page_spans` / `section_spans`
 * are set by the PDF / DOCX readers of folder datasets, so an offset in `text` (a gold answer
 * span) can be traced to its page or section; named like `answer_spans` so they do not clash
 * with a `pages` count that exported corpora often carry.
 */
export const CorpusDocSchema = z
  .object({
    id: z.string('expected a non-empty string').min(1, 'id must be a non-empty string'),
    title: DocTitleSchema,
    text: DocTextSchema,
    page_spans: z.array(PageSpanSchema, 'expected an array of {"page", "start", "end"} objects').optional(),
    section_spans: z
      .array(SectionSpanSchema, 'expected an array of {"heading"?, "level"?, "start", "end"} objects')
      .optional(),
  })
  .passthrough();
export type CorpusDoc = z.infer<typeof CorpusDocSchema>;

/** A gold character span inside a corpus document: [start, end) into `text`. */
export const AnswerSpanSchema = z.object(
  {
    doc_id: z.string('expected a document id (string)'),
    start: offset,
    end: offset,
  },
  'expected an object {"doc_id", "start", "end"}',
);
export type AnswerSpan = z.infer<typeof AnswerSpanSchema>;

/**
 * `gold_spans`, the name several exported QA sets use for `answer_spans`. Accepted only when its
 * shape is exactly ours: an array of `{doc_id, start, end}` character offsets (extra members such
 * as `text` are allowed). Other encodings (HotpotQA's `[title, sentence]` pairs, offsets without a
 * document) are left in place as an unknown key, which `datasets inspect` reports with the reason.
 */
export const GoldSpansSchema = z.array(AnswerSpanSchema);

/**
 * Folds a matching `gold_spans` into `answer_spans` (answer_spans first, duplicates dropped) and
 * removes the key; any other item is returned as it is. Applied to every parsed question.
 */
function adoptGoldSpans<T extends { answer_spans?: AnswerSpan[]; [key: string]: unknown }>(item: T): T {
  if (item.gold_spans === undefined) return item;
  const parsed = GoldSpansSchema.safeParse(item.gold_spans);
  if (!parsed.success) return item;
  const { gold_spans: _adopted, ...rest } = item;
  const spans = new Map<string, AnswerSpan>();
  for (const { doc_id, start, end } of [...(item.answer_spans ?? []), ...parsed.data])
    spans.set(JSON.stringify([doc_id, start, end]), { doc_id, start, end });
  return { ...rest, answer_spans: [...spans.values()] } as unknown as T;
}

/**
 * One question. `answers` may be empty for retrieval-only datasets (BEIR).
 * Unknown keys (type, level, ...) are tolerated; `gold_spans` of the right shape counts as `answer_spans`.
 */
export const QaItemSchema = z
  .object({
    id: z.string('expected a non-empty string').min(1, 'id must be a non-empty string'),
    question: z.string('expected a non-empty string').min(1, 'question must be a non-empty string'),
    answers: z.array(z.string('expected a string'), 'expected an array of strings, e.g. ["Paris"]').default([]),
    gold_doc_ids: z
      .array(z.string('expected a string'), 'expected an array of document ids, e.g. ["doc-1"]')
      .optional(),
    answer_spans: z.array(AnswerSpanSchema, 'expected an array of {"doc_id", "start", "end"} objects').optional(),
  })
  .passthrough()
  .transform(adoptGoldSpans);
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
