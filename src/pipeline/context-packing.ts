import type { Chunk } from '../chunking/chunk.js';

/** What joins the packed chunk texts into the one context string the generator is given. */
export const CONTEXT_SEPARATOR = '\n\n';

/**
 * Chooses which of the ranked chunks fit in the generator's context budget: whole chunks in rank
 * order while they fit. The first chunk is always kept (cut to the budget if it alone is too
 * long), so a small budget never means an empty context.
 */
export function packContext(options: { ranked: number[]; chunks: Chunk[]; tokenCounts: number[]; maxTokens: number }): {
  indices: number[];
  texts: string[];
  tokens: number;
} {
  const { ranked, chunks, tokenCounts, maxTokens } = options;
  const indices: number[] = [];
  const texts: string[] = [];
  let tokens = 0;
  for (const index of ranked) {
    const count = tokenCounts[index];
    if (tokens + count > maxTokens) {
      if (indices.length === 0) {
        // Cut proportionally in characters: exact token cuts are not worth the cost here.
        const keep = Math.max(1, Math.floor((chunks[index].text.length * maxTokens) / count));
        indices.push(index);
        texts.push(chunks[index].text.slice(0, keep));
        tokens = maxTokens;
      }
      break;
    }
    indices.push(index);
    texts.push(chunks[index].text);
    tokens += count;
  }
  return { indices, texts, tokens };
}
