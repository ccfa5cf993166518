import type { TextSpan } from './text-span.js';

/**
 * The span of `sentences` (consecutive spans of one document, in order) that covers `hit` plus
 * `window` sentences on each side: the sentence-window retrieval of LlamaIndex's
 * SentenceWindowNodeParser, applied to whatever chunk was retrieved. A hit that overlaps no
 * sentence (whitespace between them) is returned unchanged.
 */
export function sentenceWindow(options: { sentences: readonly TextSpan[]; hit: TextSpan; window: number }): TextSpan {
  const { sentences, hit, window } = options;
  const first = sentences.findIndex((s) => s.end > hit.start);
  let last = -1;
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (sentences[i].start < hit.end) {
      last = i;
      break;
    }
  }
  if (first < 0 || last < first) return hit;
  const from = sentences[Math.max(0, first - window)];
  const to = sentences[Math.min(sentences.length - 1, last + window)];
  return { start: Math.min(from.start, hit.start), end: Math.max(to.end, hit.end) };
}

/**
 * The parent block of `hit` among `blocks` (a document's consecutive parent spans): the blocks
 * it overlaps, joined, so a chunk that straddles a boundary keeps all of its text.
 */
export function enclosingBlock(options: { blocks: readonly TextSpan[]; hit: TextSpan }): TextSpan {
  const overlapping = options.blocks.filter((b) => b.start < options.hit.end && options.hit.start < b.end);
  if (overlapping.length === 0) return options.hit;
  return {
    start: Math.min(overlapping[0].start, options.hit.start),
    end: Math.max(overlapping[overlapping.length - 1].end, options.hit.end),
  };
}
