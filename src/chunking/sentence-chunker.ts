import { rangeOf, type SpanChunkerOptions } from './chunker.js';
import { fixedTokenSpans } from './fixed-tokens-chunker.js';
import { packSpans } from './pack-spans.js';
import { tidySpan, type TextSpan } from './text-span.js';

// One segmenter for the process: constructing one loads ICU data.
let segmenter: Intl.Segmenter | undefined;

// A line that starts a new block: a markdown header, list item, quote, fence or table row.
// ICU already breaks sentences at most newlines, but it would glue "- item" to a following
// line without a terminator in some versions; splitting blocks first makes that explicit.
const BLOCK_START = /^[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)][ \t]|>|```|~~~|\|)/;

/** Blocks of text separated by blank lines or starting at a markdown structural line. */
function blocks(text: string, range: TextSpan): TextSpan[] {
  const out: TextSpan[] = [];
  let blockStart = range.start;
  let lineStart = range.start;
  while (lineStart < range.end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline >= range.end ? range.end : newline + 1;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() === '' || BLOCK_START.test(line)) {
      if (lineStart > blockStart) out.push({ start: blockStart, end: lineStart });
      blockStart = lineStart;
    }
    lineStart = lineEnd;
  }
  if (range.end > blockStart) out.push({ start: blockStart, end: range.end });
  return out;
}

/** Sentences of `range`, trimmed, in order, never spanning a block boundary. */
export function sentenceSpans({ text, range }: { text: string; range: TextSpan }): TextSpan[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: TextSpan[] = [];
  for (const block of blocks(text, range)) {
    for (const { segment, index } of segmenter.segment(text.slice(block.start, block.end))) {
      const span = tidySpan(text, { start: block.start + index, end: block.start + index + segment.length });
      if (span !== null) out.push(span);
    }
  }
  return out;
}

/**
 * `sentence`: sentences (Intl.Segmenter, English rules) packed whole up to `size` tokens; a
 * sentence longer than `size` is split by the fixed-token chunker without overlap.
 * `overlap` is ignored: chunks end on sentence boundaries instead.
 */
export async function sentenceChunkSpans(options: SpanChunkerOptions): Promise<TextSpan[]> {
  const { text, size } = options;
  return packSpans({
    text,
    units: sentenceSpans({ text, range: rangeOf(options) }),
    size,
    splitOversized: (unit) => fixedTokenSpans({ text, range: unit, size, overlap: 0 }),
  });
}
