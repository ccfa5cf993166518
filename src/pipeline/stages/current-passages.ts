import type { Chunk } from '../../chunking/chunk.js';
import type { Passage, QuestionState } from '../question-stage.js';

/**
 * The passages a context stage works on: those an earlier context stage left, or else the top-k
 * hits as they are (each chunk a passage, in rank order).
 */
export function currentPassages(state: QuestionState, chunks: readonly Chunk[], topK: number): Passage[] {
  if (state.passages) return [...state.passages];
  return state.ranked.slice(0, topK).map((hit, rank) => ({ ...chunks[hit.chunkIndex], rank }));
}
