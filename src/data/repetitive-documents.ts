import type { CorpusDoc } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { deflateRatio, distinctShingleShare, SHINGLE_WORDS } from './text-repetition.js';
import { countText, pctText } from './warning-text.js';

/** Natural text keeps ≥ 95% of its 8-word shingles distinct (SQuAD, HotpotQA, demo); below this share the text is mostly repeats. */
export const MIN_DISTINCT_SHINGLE_SHARE = 0.5;
/** Deflate shrinks natural text to about 35-50% of its size; below this the text is mostly repeats. */
export const MIN_COMPRESSION_RATIO = 0.15;
/** Shorter documents compress poorly and have few shingles whatever they say, so neither ratio is read below this length (characters). */
export const MIN_CHARS_FOR_RATIO = 2000;
/** Documents named in the message; the rest are counted. */
const NAMED = 3;

/**
 * The `repetitive-documents` warning: documents of 2,000+ characters whose distinct 8-word
 * shingles are under half of their shingles (a paragraph or section pasted again, however far
 * apart) or that deflate to under 15% (repeats within 32 KB, including runs with no words).
 * Repeated text becomes identical or near-identical chunks that crowd the top_k. Null when none.
 */
export function repetitiveDocumentsWarning(options: { docs: readonly CorpusDoc[] }): DatasetWarning | null {
  const repetitive = options.docs
    .filter((d) => d.text.length >= MIN_CHARS_FOR_RATIO)
    .map((d) => ({ doc: d, distinct: distinctShingleShare(d.text), deflate: deflateRatio(d.text) }))
    .filter((d) => d.distinct < MIN_DISTINCT_SHINGLE_SHARE || d.deflate < MIN_COMPRESSION_RATIO)
    .sort((a, b) => a.distinct - b.distinct || a.deflate - b.deflate || b.doc.text.length - a.doc.text.length);
  if (repetitive.length === 0) return null;
  const named = repetitive
    .slice(0, NAMED)
    .map((d) => `"${d.doc.id}" ${pctText(d.distinct)} distinct, deflates to ${pctText(d.deflate)}`)
    .join('; ');
  const more = repetitive.length > NAMED ? ` and ${countText(repetitive.length - NAMED)} more` : '';
  return {
    code: 'repetitive-documents',
    value: repetitive.length,
    threshold: MIN_COMPRESSION_RATIO,
    message: `${countText(repetitive.length)} document(s) are highly repetitive (warn under ${pctText(MIN_DISTINCT_SHINGLE_SHARE)} distinct ${SHINGLE_WORDS}-word sequences or deflating to under ${pctText(MIN_COMPRESSION_RATIO)} of their size; natural text stays above 95% and 30%): ${named}${more} — repeated text makes identical chunks that crowd the top_k; remove the repeats or boilerplate`,
  };
}
