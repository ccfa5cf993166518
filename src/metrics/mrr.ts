import type { RankedRelevance } from './chunk-relevance.js';

/**
 * Reciprocal rank (MRR once averaged over questions): 1 / rank of the first relevant chunk
 * within the top k, 0 when none is. `k` defaults to the whole ranking. Null when the question
 * has no gold units.
 */
export function reciprocalRank(options: { ranking: RankedRelevance; k?: number }): number | null {
  const { ranking } = options;
  if (ranking.goldUnitCount === 0) return null;
  const firstRelevant = ranking.relevant.slice(0, options.k ?? ranking.relevant.length).indexOf(true);
  return firstRelevant === -1 ? 0 : 1 / (firstRelevant + 1);
}
