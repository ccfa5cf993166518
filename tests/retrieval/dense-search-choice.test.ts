import { describe, expect, it } from 'vitest';
import { chooseDenseSearch } from '../../src/retrieval/dense-search-choice.js';

const hnsw = { efConstruction: 64, efSearch: 96 };

describe('chooseDenseSearch', () => {
  it('scans exactly for a trial-sized question set, whatever the corpus size', () => {
    for (const chunks of [100, 2_000, 20_000, 100_000, 1_000_000])
      expect(chooseDenseSearch({ queries: 500, chunks, ...hnsw })).toBe('exact');
  });

  it('builds HNSW once the queries outweigh the build: the break-even grows with log2 of the corpus', () => {
    // Break-even q = n·efC·log2(n) / (n − efS·log2(n)): 20k chunks → 20k·64·14.29 / (20k − 1372) ≈ 981.7;
    // 1M chunks ≈ 1278; 100M chunks ≈ 1701.
    expect(chooseDenseSearch({ queries: 981, chunks: 20_000, ...hnsw })).toBe('exact');
    expect(chooseDenseSearch({ queries: 982, chunks: 20_000, ...hnsw })).toBe('hnsw');
    expect(chooseDenseSearch({ queries: 1_300, chunks: 1_000_000, ...hnsw })).toBe('hnsw');
    expect(chooseDenseSearch({ queries: 1_300, chunks: 100_000_000, ...hnsw })).toBe('exact');
  });

  it('never builds a graph for a corpus smaller than a graph search visits', () => {
    expect(chooseDenseSearch({ queries: 1_000_000, chunks: 500, ...hnsw })).toBe('exact');
  });
});
