import { describe, expect, it } from 'vitest';
import { ExactVectorSearch } from '../../src/retrieval/exact-vector-search.js';
import { seededGaussian } from '../../src/stats/gaussian-random.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { normalizeInPlace } from '../../src/providers/local/unit-vector.js';

function unitVectors(count: number, dimensions: number, seed: number, nonZero = dimensions): Float32Array[] {
  const gaussian = seededGaussian(seed);
  const random = mulberry32(seed + 1);
  return Array.from({ length: count }, () => {
    const v = new Float32Array(dimensions);
    for (let i = 0; i < nonZero; i++) v[nonZero === dimensions ? i : Math.floor(random() * dimensions)] = gaussian();
    return normalizeInPlace(v);
  });
}

/** Reference: every dot product in float64, sorted by score then chunk index. */
function bruteForce(vectors: Float32Array[], query: Float32Array, k: number): number[] {
  return vectors
    .map((v, i) => ({ i, s: v.reduce((sum, x, d) => sum + x * query[d], 0) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k)
    .map((x) => x.i);
}

describe('ExactVectorSearch', () => {
  it('scans dense vectors row by row and returns the brute-force top k with their inner products', () => {
    const vectors = unitVectors(400, 37, 1);
    const search = ExactVectorSearch.build({ vectors, dimensions: 37 });
    expect(search.kind).toBe('dense');
    expect(search.byteSize()).toBe(400 * 37 * 4);
    for (const query of unitVectors(25, 37, 2)) {
      const hits = search.search(query, 10);
      expect(hits.map((h) => h.chunkIndex)).toEqual(bruteForce(vectors, query, 10));
      const first = vectors[hits[0].chunkIndex].reduce((sum, x, d) => sum + x * query[d], 0);
      expect(hits[0].score).toBeCloseTo(first, 6);
    }
  });

  it('scans mostly-zero vectors through postings, with the same results as brute force', () => {
    // 12 non-zeros of 512 dimensions, like a hashed TF-IDF chunk: the postings layout.
    const vectors = unitVectors(600, 512, 3, 12);
    const search = ExactVectorSearch.build({ vectors, dimensions: 512 });
    expect(search.kind).toBe('sparse');
    const nonZero = vectors.reduce((n, v) => n + v.filter((x) => x !== 0).length, 0);
    expect(search.byteSize()).toBe(513 * 4 + nonZero * 8);
    for (const query of unitVectors(25, 512, 4, 6)) {
      expect(search.search(query, 8).map((h) => h.chunkIndex)).toEqual(bruteForce(vectors, query, 8));
    }
  });

  it('breaks ties by chunk order: copies of a vector rank in index order, and zero scores too', () => {
    const a = normalizeInPlace(Float32Array.from([1, 2, 0, 0]));
    const b = normalizeInPlace(Float32Array.from([0, 0, 1, 0]));
    const search = ExactVectorSearch.build({ vectors: [b, a, b, a, a], dimensions: 4 });
    expect(search.search(a, 4).map((h) => h.chunkIndex)).toEqual([1, 3, 4, 0]);
    // A query orthogonal to everything: all scores 0, so chunk order decides.
    expect(search.search(Float32Array.from([0, 0, 0, 1]), 3).map((h) => h.chunkIndex)).toEqual([0, 1, 2]);
  });

  it('clamps k to the chunk count and refuses vectors or queries of the wrong length', () => {
    const vectors = unitVectors(3, 8, 5);
    const search = ExactVectorSearch.build({ vectors, dimensions: 8 });
    expect(search.search(vectors[0], 10)).toHaveLength(3);
    expect(search.search(vectors[0], 0)).toEqual([]);
    expect(() => search.search(new Float32Array(7), 2)).toThrow('query has 7 dimensions, expected 8');
    expect(() =>
      ExactVectorSearch.build({ vectors: [new Float32Array(8), new Float32Array(9)], dimensions: 8 }),
    ).toThrow('vector 1 has 9 dimensions, expected 8');
  });
});
