import { rangeOf, type SpanChunkerOptions } from './chunker.js';
import { markdownSections } from './markdown-sections.js';
import { packSpans } from './pack-spans.js';
import { recursiveSpans } from './recursive-chunker.js';
import { tidySpan, type TextSpan } from './text-span.js';

/**
 * `markdown`: the document is cut into sections at ATX headers (not inside code fences), whole
 * consecutive sections are packed up to `size` tokens, and a section longer than `size` is
 * split by the recursive chunker without overlap. So chunks start at a header whenever the
 * document has one there. `overlap` is ignored. Plain text without headers is one section,
 * which makes this behave like `recursive` with no overlap.
 */
export async function markdownChunkSpans(options: SpanChunkerOptions): Promise<TextSpan[]> {
  const { text, size } = options;
  const range = rangeOf(options);
  const units: TextSpan[] = [];
  for (const section of markdownSections(text.slice(range.start, range.end))) {
    const span = tidySpan(text, { start: range.start + section.start, end: range.start + section.end });
    if (span !== null) units.push(span);
  }
  return packSpans({
    text,
    units,
    size,
    splitOversized: (unit) => recursiveSpans({ text, range: unit, size, overlap: 0 }),
  });
}
