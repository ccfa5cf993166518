import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/retrieval/bm25-index.js';

// Content terms (stopwords gone, stemmed): [cat sat mat] [dog sat log] [cat dog] [cat chase cat].
const CORPUS = ['The cat sat on the mat.', 'The dog sat on the log.', 'Cats and dogs.', 'A cat chased a cat.'];

describe('Bm25Index', () => {
  it('scores a one-term query as computed by hand', () => {
    // N = 4, df(cat) = 3: idf = ln(1 + 1.5 / 3.5) = 0.356675; lengths 3, 3, 2, 3 (avg 2.75).
    // doc 3: tf 2, len 3 → 0.356675 · 2 · 2.2 / (2 + 1.2 · (0.25 + 0.75 · 3 / 2.75)) = 0.478203
    // doc 2: tf 1, len 2 → 0.356675 · 2.2 / (1 + 1.2 · (0.25 + 0.75 · 2 / 2.75)) = 0.401466
    // doc 0: tf 1, len 3 → 0.356675 · 2.2 / (1 + 1.281818) = 0.343888; doc 1 has no "cat".
    const index = Bm25Index.build({ texts: CORPUS });
    const hits = index.search('cats?', 10);
    expect(hits.map((h) => h.chunkIndex)).toEqual([3, 2, 0]);
    expect(hits[0].score).toBeCloseTo(0.478203, 5);
    expect(hits[1].score).toBeCloseTo(0.401466, 5);
    expect(hits[2].score).toBeCloseTo(0.343888, 5);
  });

  it('sums terms, rewards rarer ones, and clamps k', () => {
    const index = Bm25Index.build({ texts: CORPUS });
    // "log" (df 1) is rarer than "sat" (df 2): doc 1 has both and wins; doc 0 only has "sat".
    const hits = index.search('a log where someone sat', 10);
    expect(hits.map((h) => h.chunkIndex)).toEqual([1, 0]);
    expect(index.search('a log where someone sat', 1)).toEqual([hits[0]]);
    expect(index.search('the of and', 5)).toEqual([]);
    expect(index.search('zebra', 5)).toEqual([]);
    expect(index.search('cat', 0)).toEqual([]);
  });

  it('breaks score ties by chunk index and honours k1 / b', () => {
    const index = Bm25Index.build({ texts: ['alpha beta', 'beta alpha', 'alpha gamma'] });
    expect(index.search('beta', 5).map((h) => h.chunkIndex)).toEqual([0, 1]);
    // With b = 0 length is ignored; with k1 = 0 term frequency is ignored.
    const flat = Bm25Index.build({ texts: ['cat', 'cat cat cat dog', 'dog'], k1: 0, b: 0 });
    const [first, second] = flat.search('cat', 5);
    expect(first.score).toBeCloseTo(second.score, 12);
    expect(first.chunkIndex).toBe(0);
  });

  it('serialises and restores to an index with identical results', () => {
    const index = Bm25Index.build({ texts: CORPUS, k1: 1.5, b: 0.6 });
    const bytes = index.serialize();
    const shifted = new Uint8Array(bytes.byteLength + 5);
    shifted.set(bytes, 5);
    const restored = Bm25Index.restore(shifted.subarray(5));
    expect(restored.count).toBe(4);
    expect(restored.k1).toBe(1.5);
    for (const query of ['cat', 'dog sat', 'chasing cats on mats', 'nothing']) {
      expect(restored.search(query, 10)).toEqual(index.search(query, 10));
    }
    expect(Array.from(restored.serialize())).toEqual(Array.from(bytes));
  });

  it('handles an empty corpus and empty texts', () => {
    expect(Bm25Index.build({ texts: [] }).search('cat', 3)).toEqual([]);
    const index = Bm25Index.build({ texts: ['', 'cat'] });
    expect(index.search('cat', 3).map((h) => h.chunkIndex)).toEqual([1]);
    expect(Bm25Index.restore(Bm25Index.build({ texts: [] }).serialize()).count).toBe(0);
  });

  it('rejects bytes that are not a BM25 index', () => {
    expect(() => Bm25Index.restore(new Uint8Array(16))).toThrow(/corrupt/);
  });
});
