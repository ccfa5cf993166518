import type { RankedRelevance } from './chunk-relevance.js';

/**
 * Hit@k: 1 when any of the top k chunks is relevant, else 0 (hit rate once averaged).
 * Null when the question has no gold units.
 */
export function hitAtK(options: { ranking: RankedRelevance; k: number }): number | null {
  const { ranking, k } = options;
  if (ranking.goldUnitCount === 0) return null;
  return ranking.relevant.slice(0, Math.max(0, k)).includes(true) ? 1 : 0;
}
