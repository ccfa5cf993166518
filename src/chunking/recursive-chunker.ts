import { countTokens } from '../text/token-counter.js';
import { locateChunks } from './chunk-locator.js';
import { overlapTokens, rangeOf, type SpanChunkerOptions } from './chunker.js';
import { fixedTokenSpans } from './fixed-tokens-chunker.js';
import { tidySpan, type TextSpan } from './text-span.js';

/** Words separated by single spaces, nothing else: no line breaks, tabs, runs or edge whitespace. */
const SINGLE_SPACED = /^\S+(?: \S+)+$/;

/**
 * True when langchain's splitter is known to return `part` whole, which this decides with one
 * token count instead of one per word (most of the time of chunking a corpus of paragraphs).
 *
 * Why it is exact: without line breaks the splitter splits on " " (keeping each space at the
 * start of the following word) and merges words while the sum of their token counts stays
 * within the size. With single spaces only, every space starts a cl100k pre-tokenizer piece and
 * no piece holds a space anywhere else, so the words' counts sum to the count of the whole
 * text; when that is below `size`, every word fits, the merge never cuts, and the one merged
 * piece is the (already trimmed) text itself.
 */
function fitsAsOneSplit(part: string, size: number, count: (text: string) => number): boolean {
  return SINGLE_SPACED.test(part) && count(part) < size;
}

/**
 * `recursive`: langchain's RecursiveCharacterTextSplitter (split on paragraphs, then lines,
 * words, characters; merge neighbours back up to the size) with length measured in cl100k
 * tokens and chunkOverlap = round(size * overlap) tokens. Offsets are recovered with
 * {@link locateChunks}.
 *
 * Langchain checks sizes on the sum of its pieces' token counts, and the joined text can
 * tokenise slightly differently; any chunk whose own text exceeds `size` is re-split with the
 * fixed-token chunker, so `size` is a hard limit here too.
 */
export async function recursiveSpans(options: SpanChunkerOptions): Promise<TextSpan[]> {
  const { text, size } = options;
  const range = rangeOf(options);
  const part = text.slice(range.start, range.end);
  if (part.trim() === '') return [];

  // Langchain measures the same strings many times while merging; count each once.
  const counts = new Map<string, number>();
  const lengthFunction = (value: string): number => {
    let count = counts.get(value);
    if (count === undefined) {
      count = countTokens(value);
      counts.set(value, count);
    }
    return count;
  };
  // The splitter is loaded on first use: it brings @langchain/core, which processes that never
  // chunk this way (a worker whose chunks are all cached, `tune-rag runs`) should not pay for at start-up.
  const pieces = fitsAsOneSplit(part, size, lengthFunction)
    ? [part]
    : await new (await import('@langchain/textsplitters')).RecursiveCharacterTextSplitter({
        chunkSize: size,
        chunkOverlap: overlapTokens(options),
        lengthFunction,
      }).splitText(part);

  const spans: TextSpan[] = [];
  for (const located of locateChunks({ text: part, pieces })) {
    const last = spans[spans.length - 1];
    let span = tidySpan(part, located);
    // After an oversized chunk was re-split below, the next chunk's overlap can reach back past
    // the start of the last piece emitted; start it where that piece ends to keep order.
    if (span !== null && last !== undefined && span.start <= last.start - range.start) {
      span = tidySpan(part, { start: last.end - range.start, end: span.end });
    }
    if (span === null || (last !== undefined && span.end <= last.end - range.start)) continue;
    const absolute = { start: range.start + span.start, end: range.start + span.end };
    if (lengthFunction(part.slice(span.start, span.end)) <= size) spans.push(absolute);
    else spans.push(...fixedTokenSpans({ ...options, range: absolute }));
  }
  return spans;
}
