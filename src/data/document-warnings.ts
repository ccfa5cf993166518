import { countTokens } from '../text/token-counter.js';
import type { CorpusDoc, QaItem } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { dominantDocumentWarning } from './dominant-documents.js';
import { repetitiveDocumentsWarning } from './repetitive-documents.js';
import { countText } from './warning-text.js';

/** A document is "far longer" than a chunk from this many times the largest chunk size (tokens). */
export const LONG_DOCUMENT_FACTOR = 4;

/** The chunk size the long-document check compares with, and where it comes from (for the message). */
export interface ChunkSizeReference {
  tokens: number;
  /** E.g. "the largest chunk.size in the search space". */
  source: string;
}

/**
 * Warnings about the documents: far longer than the largest chunk while some question's gold is
 * such a whole document without answer spans (every chunk of it then counts as relevant),
 * documents dominating the corpus (see `dominantDocumentWarning`), and highly repetitive text
 * (see `repetitiveDocumentsWarning`).
 * Tokens are counted only for documents whose UTF-8 size could exceed the limit (a cl100k token
 * is at least one byte), so the check stays fast on large corpora of short documents.
 */
export function documentWarnings(options: {
  docs: readonly CorpusDoc[];
  questions: readonly QaItem[];
  chunk?: ChunkSizeReference;
}): DatasetWarning[] {
  const { docs, chunk } = options;
  const warnings: DatasetWarning[] = [];
  if (chunk) {
    const limit = LONG_DOCUMENT_FACTOR * chunk.tokens;
    const long = docs
      .filter((d) => Buffer.byteLength(d.text) > limit)
      .map((d) => ({ doc: d, tokens: countTokens(d.text) }))
      .filter((d) => d.tokens > limit);
    const ids = new Set(long.map((d) => d.doc.id));
    const lenient = options.questions.filter(
      (q) => (q.answer_spans?.length ?? 0) === 0 && (q.gold_doc_ids ?? []).some((id) => ids.has(id)),
    ).length;
    // Long documents only mislead when a question's gold is the whole document: with answer spans
    // (or answer containment) a chunk is judged by where the answer is, whatever the length.
    if (lenient > 0) {
      const longest = long.reduce((a, b) => (b.tokens > a.tokens ? b : a));
      warnings.push({
        code: 'long-documents',
        value: long.length,
        threshold: limit,
        message: `${countText(long.length)} document(s) are longer than ${LONG_DOCUMENT_FACTOR}× ${chunk.source} (${countText(chunk.tokens)} tokens), the longest "${longest.doc.id}" with ${countText(longest.tokens)} tokens: every chunk of such a gold document counts as relevant, so retrieval is scored leniently for the ${countText(lenient)} question(s) whose gold is one of them without answer_spans — give answer_spans, or split the documents`,
      });
    }
  }
  const dominant = dominantDocumentWarning({ docs });
  if (dominant) warnings.push(dominant);
  const repetitive = repetitiveDocumentsWarning({ docs });
  if (repetitive) warnings.push(repetitive);
  return warnings;
}
