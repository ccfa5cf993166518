import { countTokens } from '../text/token-counter.js';
import { packContext } from './context-packing.js';
import type { Passage, SeenPassage } from './question-stage.js';

/**
 * Packs reshaped passages into the context budget as packContext packs chunks: whole passages
 * by rank while they fit (the best one cut if it alone is too long), then shown in the order
 * the context stages left (context.order). Returns what the generator sees, located: a cut
 * passage ends where its seen prefix ends.
 */
export function packPassages(passages: readonly Passage[], maxTokens: number): SeenPassage[] {
  const byRank = passages.map((_, i) => i).sort((a, b) => passages[a].rank - passages[b].rank);
  const packed = packContext({
    ranked: byRank,
    chunks: [...passages],
    tokenCounts: passages.map((p) => countTokens(p.text)),
    maxTokens,
  });
  const texts = new Map(packed.indices.map((index, i) => [index, packed.texts[i]]));
  const seen: SeenPassage[] = [];
  passages.forEach((passage, i) => {
    const text = texts.get(i);
    if (text === undefined) return;
    const { rank: _rank, ...located } = passage;
    seen.push(text.length === passage.text.length ? located : { ...located, end: passage.start + text.length, text });
  });
  return seen;
}
