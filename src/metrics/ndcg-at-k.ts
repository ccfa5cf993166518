import type { RankedRelevance } from './chunk-relevance.js';

function discountedGain(gains: readonly boolean[]): number {
  return gains.reduce((sum, relevant, i) => sum + (relevant ? 1 / Math.log2(i + 2) : 0), 0);
}

/**
 * nDCG@k with binary gains (1 for a relevant chunk) and the log2(rank + 1) discount.
 *
 * The ideal ranking has `min(k, max(goldUnitCount, relevant chunks in the top k))` relevant
 * chunks first. Why: the true number of relevant chunks depends on the chunking, so the gold
 * unit count is the floor (one chunk per unit); it is raised to the number of relevant chunks
 * actually retrieved so that a document split into several relevant chunks cannot push the
 * score above 1. Null when the question has no gold units or k < 1.
 */
export function ndcgAtK(options: { ranking: RankedRelevance; k: number }): number | null {
  const { ranking, k } = options;
  if (ranking.goldUnitCount === 0 || k < 1) return null;
  const top = ranking.relevant.slice(0, k);
  const relevantRetrieved = top.filter(Boolean).length;
  const idealCount = Math.min(k, Math.max(ranking.goldUnitCount, relevantRetrieved));
  return discountedGain(top) / discountedGain(new Array<boolean>(idealCount).fill(true));
}
