import type { RankedRelevance } from './chunk-relevance.js';

/**
 * Precision@k: relevant chunks in the top k divided by k (the standard definition). When fewer
 * than k chunks were retrieved the missing ranks count as non-relevant, so returning less never
 * looks more precise. Null when the question has no gold units or k < 1.
 */
export function precisionAtK(options: { ranking: RankedRelevance; k: number }): number | null {
  const { ranking, k } = options;
  if (ranking.goldUnitCount === 0 || k < 1) return null;
  return ranking.relevant.slice(0, k).filter(Boolean).length / k;
}
