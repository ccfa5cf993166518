import { countTokens, encodeWithOffsets } from '../text/token-counter.js';
import { overlapTokens, rangeOf, type SpanChunkerOptions } from './chunker.js';
import { tidySpan, type TextSpan } from './text-span.js';

/**
 * `fixed_tokens`: sliding windows of `size` cl100k tokens, consecutive windows sharing
 * round(size * overlap) tokens, mapped back to exact character offsets.
 *
 * Invariants: every non-whitespace character of the range is in some span; each span's text
 * re-tokenises to at most `size` tokens (for size >= MIN_CHUNK_SIZE; below it, one token's text
 * alone can re-tokenise to more, and is emitted anyway).
 */
export function fixedTokenSpans(options: SpanChunkerOptions): TextSpan[] {
  const { text, size } = options;
  const range = rangeOf(options);
  const part = text.slice(range.start, range.end);
  const { ends } = encodeWithOffsets(part);
  const tokenCount = ends.length;
  // Char offset of the boundary before token k. Token ends inside a character are already
  // rounded up, so a window never starts or ends in the middle of an emoji.
  const boundary = (k: number): number => (k === 0 ? 0 : (ends[k - 1] as number));
  const shared = overlapTokens(options);

  const spans: TextSpan[] = [];
  let first = 0;
  while (first < tokenCount) {
    let last = Math.min(first + size, tokenCount); // exclusive
    let span = tidySpan(part, { start: boundary(first), end: boundary(last) });
    // A window cut inside a word can re-tokenise into more tokens than it had in context (and
    // rounding up to a whole character adds bytes), so shrink until the text itself fits.
    while (span !== null && last > first + 1 && countTokens(part.slice(span.start, span.end)) > size) {
      last--;
      span = tidySpan(part, { start: boundary(first), end: boundary(last) });
    }
    if (span !== null) spans.push({ start: range.start + span.start, end: range.start + span.end });
    if (last >= tokenCount) break;
    // Step from where this window really ended (after any shrinking), so nothing is skipped.
    first = Math.max(first + 1, last - shared);
  }
  return spans;
}
