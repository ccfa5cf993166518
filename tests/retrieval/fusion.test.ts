import { describe, expect, it } from 'vitest';
import type { ScoredChunk } from '../../src/chunking/chunk.js';
import { fuseReciprocalRank, fuseWeighted } from '../../src/retrieval/fusion.js';

const list = (...pairs: [number, number][]): ScoredChunk[] =>
  pairs.map(([chunkIndex, score]) => ({ chunkIndex, score }));

describe('fuseReciprocalRank', () => {
  it('sums 1 / (k + rank) over lists, as computed by hand', () => {
    const dense = list([1, 0.9], [2, 0.8], [3, 0.7]);
    const sparse = list([3, 12], [1, 7], [4, 2]);
    const fused = fuseReciprocalRank({ lists: [dense, sparse], k: 60 });
    // 1: 1/61 + 1/62; 3: 1/63 + 1/61; 2: 1/62; 4: 1/63.
    expect(fused.map((s) => s.chunkIndex)).toEqual([1, 3, 2, 4]);
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1].score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2].score).toBeCloseTo(1 / 62, 12);
    expect(fused[3].score).toBeCloseTo(1 / 63, 12);
  });

  it('applies per-list weights and ranks by score, not input order', () => {
    const a = list([1, 0.1], [2, 0.9]); // ranks: 2 first, then 1
    const b = list([1, 5]);
    const fused = fuseReciprocalRank({ lists: [a, b], k: 1, weights: [1, 3] });
    // 1: 1/(1+2) + 3/(1+1) = 1.8333; 2: 1/(1+1) = 0.5.
    expect(fused).toEqual([
      { chunkIndex: 1, score: 1 / 3 + 3 / 2 },
      { chunkIndex: 2, score: 1 / 2 },
    ]);
    expect(() => fuseReciprocalRank({ lists: [a, b], weights: [1] })).toThrow(RangeError);
  });

  it('breaks ties by chunk index and handles empty input', () => {
    const fused = fuseReciprocalRank({ lists: [list([9, 1]), list([4, 1])] });
    expect(fused.map((s) => s.chunkIndex)).toEqual([4, 9]);
    expect(fuseReciprocalRank({ lists: [] })).toEqual([]);
    expect(fuseReciprocalRank({ lists: [[], []] })).toEqual([]);
  });

  it('counts a chunk repeated within one list once', () => {
    const fused = fuseReciprocalRank({ lists: [list([1, 0.9], [1, 0.5], [2, 0.4])], k: 0 });
    expect(fused).toEqual([
      { chunkIndex: 1, score: 1 },
      { chunkIndex: 2, score: 1 / 2 },
    ]);
  });
});

describe('fuseWeighted', () => {
  const dense = list([1, 0.9], [2, 0.7], [3, 0.5]); // normalised: 1, 0.5, 0
  const sparse = list([3, 10], [4, 6], [1, 2]); // normalised: 1, 0.5, 0

  it('mixes min-max normalised scores, missing = 0, as computed by hand', () => {
    const fused = fuseWeighted({ dense, sparse, weight: 0.6 });
    // 1: 0.6·1 + 0.4·0 = 0.6; 3: 0.6·0 + 0.4·1 = 0.4; 2: 0.6·0.5 = 0.3; 4: 0.4·0.5 = 0.2.
    expect(fused.map((s) => s.chunkIndex)).toEqual([1, 3, 2, 4]);
    expect(fused.map((s) => s.score)).toEqual([0.6, 0.4, 0.3, 0.2].map((x) => expect.closeTo(x, 12)));
  });

  it('weight 0 is the sparse order, weight 1 the dense order', () => {
    expect(fuseWeighted({ dense, sparse, weight: 0 }).map((s) => s.chunkIndex)).toEqual([3, 4, 1, 2]);
    expect(fuseWeighted({ dense, sparse, weight: 1 }).map((s) => s.chunkIndex)).toEqual([1, 2, 3, 4]);
  });

  it('maps an all-equal list to 1 and rejects weights outside [0, 1]', () => {
    const fused = fuseWeighted({ dense: list([5, 0.3], [6, 0.3]), sparse: [], weight: 0.5 });
    expect(fused).toEqual([
      { chunkIndex: 5, score: 0.5 },
      { chunkIndex: 6, score: 0.5 },
    ]);
    expect(fuseWeighted({ dense: [], sparse: [], weight: 0.5 })).toEqual([]);
    expect(() => fuseWeighted({ dense, sparse, weight: 1.5 })).toThrow(RangeError);
    expect(() => fuseWeighted({ dense, sparse, weight: Number.NaN })).toThrow(RangeError);
  });
});
