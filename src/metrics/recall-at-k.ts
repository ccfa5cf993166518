import type { RankedRelevance } from './chunk-relevance.js';

/**
 * Recall@k: the share of the question's gold units covered by the top k chunks (a unit counts
 * once however many chunks cover it). Null when the question has no gold units.
 */
export function recallAtK(options: { ranking: RankedRelevance; k: number }): number | null {
  const { ranking, k } = options;
  if (ranking.goldUnitCount === 0) return null;
  const covered = new Set(ranking.covers.slice(0, Math.max(0, k)).flat());
  return covered.size / ranking.goldUnitCount;
}
