import { deflateRawSync } from 'node:zlib';
import { countTokens } from '../providers/local/token-counter.js';
import type { CorpusDoc, QaItem } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { countText, pctText } from './warning-text.js';

/** A document is "far longer" than a chunk from this many times the largest chunk size (tokens). */
export const LONG_DOCUMENT_FACTOR = 4;
/** One document holding more than this share of the corpus text dominates it... */
export const MAX_DOCUMENT_SHARE = 0.25;
/** ...when the corpus has at least this many documents (in a tiny corpus big shares are natural). */
export const MIN_DOCS_FOR_SHARE = 5;
/** Deflate shrinks natural text to about 35-50% of its size; below this the text is mostly repeats. */
export const MIN_COMPRESSION_RATIO = 0.15;
/** Shorter documents compress poorly whatever they say, so the ratio is only read from this length (characters). */
const MIN_CHARS_FOR_RATIO = 2000;

/** The chunk size the long-document check compares with, and where it comes from (for the message). */
export interface ChunkSizeReference {
  tokens: number;
  /** E.g. "the largest chunk.size in the search space". */
  source: string;
}

/**
 * Warnings about the documents: far longer than the largest chunk while some question's gold is
 * such a whole document without answer spans (every chunk of it then counts as relevant), one
 * document dominating the corpus, and highly repetitive text.
 * Tokens are counted only for documents whose UTF-8 size could exceed the limit (a cl100k token
 * is at least one byte), so the check stays fast on large corpora of short documents.
 */
export function documentWarnings(options: { docs: readonly CorpusDoc[]; questions: readonly QaItem[]; chunk?: ChunkSizeReference }): DatasetWarning[] {
  const { docs, chunk } = options;
  const warnings: DatasetWarning[] = [];
  if (chunk) {
    const limit = LONG_DOCUMENT_FACTOR * chunk.tokens;
    const long = docs
      .filter((d) => Buffer.byteLength(d.text) > limit)
      .map((d) => ({ doc: d, tokens: countTokens(d.text) }))
      .filter((d) => d.tokens > limit);
    const ids = new Set(long.map((d) => d.doc.id));
    const lenient = options.questions.filter((q) => (q.answer_spans?.length ?? 0) === 0 && (q.gold_doc_ids ?? []).some((id) => ids.has(id))).length;
    // Long documents only mislead when a question's gold is the whole document: with answer spans
    // (or answer containment) a chunk is judged by where the answer is, whatever the length.
    if (lenient > 0) {
      const longest = long.reduce((a, b) => (b.tokens > a.tokens ? b : a));
      warnings.push({
        code: 'long-documents', value: long.length, threshold: limit,
        message: `${countText(long.length)} document(s) are longer than ${LONG_DOCUMENT_FACTOR}× ${chunk.source} (${countText(chunk.tokens)} tokens), the longest "${longest.doc.id}" with ${countText(longest.tokens)} tokens: every chunk of such a gold document counts as relevant, so retrieval is scored leniently for the ${countText(lenient)} question(s) whose gold is one of them without answer_spans — give answer_spans, or split the documents`,
      });
    }
  }
  const total = docs.reduce((sum, d) => sum + d.text.length, 0);
  if (docs.length >= MIN_DOCS_FOR_SHARE && total > 0) {
    const biggest = docs.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const share = biggest.text.length / total;
    if (share > MAX_DOCUMENT_SHARE) {
      warnings.push({
        code: 'dominant-document', value: share, threshold: MAX_DOCUMENT_SHARE,
        message: `document "${biggest.id}" holds ${pctText(share)} of all corpus text (warn above ${pctText(MAX_DOCUMENT_SHARE)} with ${MIN_DOCS_FOR_SHARE}+ documents): its chunks crowd the index and the retrieved lists — check it is not several documents or a dump in one, and split it`,
      });
    }
  }
  const repetitive = docs
    .filter((d) => d.text.length >= MIN_CHARS_FOR_RATIO)
    .map((d) => {
      const bytes = Buffer.from(d.text);
      return { doc: d, ratio: deflateRawSync(bytes).length / bytes.length };
    })
    .filter((d) => d.ratio < MIN_COMPRESSION_RATIO);
  if (repetitive.length > 0) {
    const worst = repetitive.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    warnings.push({
      code: 'repetitive-documents', value: repetitive.length, threshold: MIN_COMPRESSION_RATIO,
      message: `${countText(repetitive.length)} document(s) are highly repetitive (deflate to under ${pctText(MIN_COMPRESSION_RATIO)} of their size; natural text stays above 30%), e.g. "${worst.doc.id}" at ${pctText(worst.ratio)}: repeated text makes near-identical chunks that crowd the top_k — remove the repeats or boilerplate`,
    });
  }
  return warnings;
}
