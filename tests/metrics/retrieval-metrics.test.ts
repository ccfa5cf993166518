import { describe, expect, it } from 'vitest';
import type { RankedRelevance } from '../../src/metrics/chunk-relevance.js';
import { hitAtK } from '../../src/metrics/hit-rate.js';
import { reciprocalRank } from '../../src/metrics/mrr.js';
import { ndcgAtK } from '../../src/metrics/ndcg-at-k.js';
import { precisionAtK } from '../../src/metrics/precision-at-k.js';
import { recallAtK } from '../../src/metrics/recall-at-k.js';

// Ranks 2 and 4 relevant, covering gold docs a and b.
const ranking: RankedRelevance = {
  relevant: [false, true, false, true],
  covers: [[], ['doc:a'], [], ['doc:b']],
  goldUnitCount: 2,
};
const noGold: RankedRelevance = { relevant: [false], covers: [[]], goldUnitCount: 0 };

describe('retrieval metrics on a hand-computed ranking', () => {
  it('recall@k', () => {
    expect(recallAtK({ ranking, k: 1 })).toBe(0);
    expect(recallAtK({ ranking, k: 2 })).toBe(0.5);
    expect(recallAtK({ ranking, k: 4 })).toBe(1);
  });
  it('recall counts a unit once even when several chunks cover it', () => {
    const twice: RankedRelevance = { relevant: [true, true], covers: [['doc:a'], ['doc:a']], goldUnitCount: 2 };
    expect(recallAtK({ ranking: twice, k: 2 })).toBe(0.5);
  });
  it('precision@k divides by k, also when fewer chunks were retrieved', () => {
    expect(precisionAtK({ ranking, k: 2 })).toBe(0.5);
    expect(precisionAtK({ ranking, k: 4 })).toBe(0.5);
    expect(precisionAtK({ ranking, k: 8 })).toBe(0.25);
  });
  it('reciprocal rank', () => {
    expect(reciprocalRank({ ranking })).toBe(0.5);
    expect(reciprocalRank({ ranking, k: 1 })).toBe(0);
  });
  it('nDCG@k', () => {
    // DCG = 1/log2(3) + 1/log2(5); ideal = 2 relevant first = 1 + 1/log2(3).
    const ideal = 1 + 1 / Math.log2(3);
    expect(ndcgAtK({ ranking, k: 4 })).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / ideal, 10);
    expect(ndcgAtK({ ranking, k: 2 })).toBeCloseTo(1 / Math.log2(3) / ideal, 10);
    expect(ndcgAtK({ ranking, k: 1 })).toBe(0);
  });
  it('nDCG stays within [0, 1] when more chunks are relevant than there are gold units', () => {
    const split: RankedRelevance = {
      relevant: [true, true, true],
      covers: [['doc:a'], ['doc:a'], ['doc:a']],
      goldUnitCount: 1,
    };
    expect(ndcgAtK({ ranking: split, k: 3 })).toBeCloseTo(1, 10);
    const late: RankedRelevance = {
      relevant: [false, true, true],
      covers: [[], ['doc:a'], ['doc:a']],
      goldUnitCount: 1,
    };
    // Ideal has 2 relevant (as many as retrieved): (1/log2 3 + 1/2) / (1 + 1/log2 3).
    expect(ndcgAtK({ ranking: late, k: 3 })).toBeCloseTo((1 / Math.log2(3) + 0.5) / (1 + 1 / Math.log2(3)), 10);
  });
  it('hit@k', () => {
    expect(hitAtK({ ranking, k: 1 })).toBe(0);
    expect(hitAtK({ ranking, k: 2 })).toBe(1);
  });
  it('all are null without gold units', () => {
    expect(recallAtK({ ranking: noGold, k: 3 })).toBeNull();
    expect(precisionAtK({ ranking: noGold, k: 3 })).toBeNull();
    expect(reciprocalRank({ ranking: noGold })).toBeNull();
    expect(ndcgAtK({ ranking: noGold, k: 3 })).toBeNull();
    expect(hitAtK({ ranking: noGold, k: 3 })).toBeNull();
  });
  it('an empty ranking scores 0, not null', () => {
    const empty: RankedRelevance = { relevant: [], covers: [], goldUnitCount: 1 };
    expect(recallAtK({ ranking: empty, k: 5 })).toBe(0);
    expect(precisionAtK({ ranking: empty, k: 5 })).toBe(0);
    expect(reciprocalRank({ ranking: empty, k: 5 })).toBe(0);
    expect(ndcgAtK({ ranking: empty, k: 5 })).toBe(0);
    expect(hitAtK({ ranking: empty, k: 5 })).toBe(0);
  });
});
