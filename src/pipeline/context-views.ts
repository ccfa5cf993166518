import type { Chunk } from '../chunking/chunk.js';
import { CONTEXT_SEPARATOR } from './context-packing.js';

/**
 * The chunks of a question's context as the generator saw them, in rank order: each chunk of
 * `contextChunks` whole, except one that packing cut to fit the budget, which becomes a view of
 * the prefix that reached the generator (same document, `end` and `text` shortened). Retrieval
 * metrics "at context" judge these views, so a gold span beyond the cut does not count as seen.
 *
 * Works from the stored outcome (indices + exact context text) rather than from packing
 * internals, so cached outcomes written before this function existed are judged the same way.
 * Called once per question when a trial is scored.
 */
export function contextViews(options: {
  chunks: readonly Chunk[];
  contextChunks: readonly number[];
  context: string;
}): Chunk[] {
  const { chunks, context } = options;
  const views: Chunk[] = [];
  let position = 0;
  for (const index of options.contextChunks) {
    const chunk = chunks[index];
    if (context.startsWith(chunk.text, position)) {
      views.push(chunk);
      position += chunk.text.length + CONTEXT_SEPARATOR.length;
      continue;
    }
    // Packing only cuts the tail of a chunk, so what is left of the context is the seen prefix.
    const seen = Math.max(0, Math.min(chunk.text.length, context.length - position));
    views.push({ ...chunk, end: chunk.start + seen, text: chunk.text.slice(0, seen) });
    position += seen + CONTEXT_SEPARATOR.length;
  }
  return views;
}
