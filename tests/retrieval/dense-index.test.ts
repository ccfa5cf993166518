import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DenseIndex } from '../../src/retrieval/dense-index.js';
import { seededGaussian } from '../../src/stats/gaussian-random.js';
import { normalizeInPlace } from '../../src/providers/local/unit-vector.js';

function unitVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  const gaussian = seededGaussian(seed);
  return Array.from({ length: count }, () => normalizeInPlace(Float32Array.from({ length: dimensions }, gaussian)));
}

function exactTop(vectors: Float32Array[], query: Float32Array, k: number): number[] {
  const scores = vectors.map((v, i) => ({ i, s: v.reduce((sum, x, d) => sum + x * query[d], 0) }));
  return scores
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k)
    .map((x) => x.i);
}

const dir = mkdtempSync(join(tmpdir(), 'dense-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DenseIndex', () => {
  const vectors = unitVectors(500, 32, 1);
  const index = DenseIndex.build({ vectors, dimensions: 32 });

  it('finds each vector as its own top hit with cosine 1', () => {
    expect(index.count).toBe(500);
    for (let i = 0; i < vectors.length; i++) {
      const [hit] = index.search(vectors[i], 1);
      expect(hit.chunkIndex).toBe(i);
      expect(hit.score).toBeCloseTo(1, 5);
    }
  });

  it('returns scores as cosines, best first, close to exact search', () => {
    const queries = unitVectors(20, 32, 2);
    let overlap = 0;
    for (const query of queries) {
      const hits = index.search(query, 10);
      expect(hits).toHaveLength(10);
      for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
      const exact = exactTop(vectors, query, 10);
      const first = vectors[hits[0].chunkIndex].reduce((sum, x, d) => sum + x * query[d], 0);
      expect(hits[0].score).toBeCloseTo(first, 5);
      overlap += hits.filter((h) => exact.includes(h.chunkIndex)).length;
    }
    expect(overlap / (queries.length * 10)).toBeGreaterThan(0.95);
  });

  it('clamps k to the number of vectors and never throws on tiny or empty indexes', () => {
    const tiny = DenseIndex.build({ vectors: unitVectors(3, 8, 3), dimensions: 8 });
    expect(tiny.search(unitVectors(1, 8, 4)[0], 50)).toHaveLength(3);
    expect(tiny.search(unitVectors(1, 8, 4)[0], 0)).toEqual([]);
    const empty = DenseIndex.build({ vectors: [], dimensions: 8 });
    expect(empty.count).toBe(0);
    expect(empty.search(unitVectors(1, 8, 4)[0], 5)).toEqual([]);
  });

  it('is deterministic for the same vectors and seed', () => {
    const other = DenseIndex.build({ vectors, dimensions: 32 });
    const query = unitVectors(1, 32, 5)[0];
    expect(other.search(query, 20)).toEqual(index.search(query, 20));
  });

  it('saves and loads with identical results and reports its size', () => {
    const path = join(dir, 'index.hnsw');
    const estimate = index.byteSize();
    index.save(path);
    expect(index.byteSize()).toBe(statSync(path).size);
    // The estimate is within 25% of the real file.
    expect(Math.abs(estimate - statSync(path).size) / statSync(path).size).toBeLessThan(0.25);
    const loaded = DenseIndex.load({ path, vectors, dimensions: 32, efSearch: 64 });
    expect(loaded.count).toBe(500);
    for (const query of unitVectors(5, 32, 6)) expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
  });

  it('finds every distinct vector when a thousand copies of one vector share the index', () => {
    // Before identical vectors shared a node, the copies formed a closed cluster around the entry
    // point and every search returned only copies: 0 of these 60 were found.
    const distinct = unitVectors(60, 32, 7);
    const copy = unitVectors(1, 32, 8)[0];
    const withCopies = [
      ...distinct.slice(0, 30),
      ...Array.from({ length: 1000 }, () => Float32Array.from(copy)),
      ...distinct.slice(30),
    ];
    const crowded = DenseIndex.build({ vectors: withCopies, dimensions: 32, m: 16, efConstruction: 64, efSearch: 96 });
    expect(crowded.count).toBe(1060);
    const found = distinct.filter((v, i) => crowded.search(v, 1)[0].chunkIndex === (i < 30 ? i : i + 1000)).length;
    expect(found).toBe(60);
    // A hit on the shared vector returns its copies in chunk order, as exact search ties them.
    expect(crowded.search(copy, 3).map((h) => h.chunkIndex)).toEqual([30, 31, 32]);
    expect(crowded.search(copy, 1060)).toHaveLength(1060);
    const path = join(dir, 'crowded.hnsw');
    crowded.save(path);
    const loaded = DenseIndex.load({ path, vectors: withCopies, dimensions: 32, efSearch: 96 });
    expect(loaded.count).toBe(1060);
    expect(loaded.search(distinct[45], 2)).toEqual(crowded.search(distinct[45], 2));
  });

  it('rejects vectors of the wrong length', () => {
    expect(() => DenseIndex.build({ vectors: [new Float32Array(4)], dimensions: 8 })).toThrow(/dimensions/);
  });
});
