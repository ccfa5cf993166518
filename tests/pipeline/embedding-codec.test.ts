import { describe, expect, it } from 'vitest';
import { decodeEmbeddings, encodeEmbeddings, vectorLayout } from '../../src/pipeline/embedding-codec.js';
import { hashedWordsEmbedder } from '../../src/providers/local/hashed-words-embedder.js';
import { prose } from '../chunking/fixtures.js';

const bits = (vectors: readonly Float32Array[]) =>
  Buffer.concat(vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)));

/** 3 dense vectors of 5 dimensions with values that are not round in float32. */
const DENSE = [0, 1, 2].map((i) => Float32Array.from({ length: 5 }, (_, d) => Math.sin(1 + i * 5 + d) / 3));

describe('embedding codec', () => {
  it('stores hashed-embedder vectors sparsely and decodes them bit for bit', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => prose(1, 2 + (i % 4), i + 1));
    const embedder = await hashedWordsEmbedder.create({ corpus: texts });
    const { vectors } = await embedder.embed(texts, 'document');
    const run = { vectors, dimensions: embedder.dimensions, state: embedder.state() };
    const blob = encodeEmbeddings(run);
    const decoded = decodeEmbeddings(blob);
    expect(vectorLayout(run).layout).toBe('sparse');
    expect(decoded.dimensions).toBe(2048);
    expect(bits(decoded.vectors).equals(bits(vectors))).toBe(true);
    expect(Buffer.from(decoded.state as Uint8Array).equals(Buffer.from(run.state as Uint8Array))).toBe(true);
    // 30 x 2048 float32 would be 245,760 bytes of vectors alone.
    const nonZeros = vectors.reduce((n, v) => n + v.filter((x) => x !== 0).length, 0);
    const state = run.state?.byteLength ?? 0;
    expect(blob.length).toBe(20 + Math.ceil(state / 4) * 4 + 31 * 4 + Math.ceil((nonZeros * 2) / 4) * 4 + nonZeros * 4);
    expect(blob.length).toBeLessThan((30 * 2048 * 4) / 5 + state + 200);
  });

  it('keeps dense vectors dense, with or without an odd-length state, bit for bit', () => {
    for (const state of [null, Uint8Array.of(7, 8, 9)]) {
      const run = { vectors: DENSE, dimensions: 5, state };
      const blob = encodeEmbeddings(run);
      expect(vectorLayout(run)).toEqual({ layout: 'dense', bytes: 60 });
      expect(blob.length).toBe(20 + (state ? 4 : 0) + 60);
      const decoded = decodeEmbeddings(blob);
      expect(bits(decoded.vectors).equals(bits(DENSE))).toBe(true);
      expect(decoded.state).toEqual(state);
    }
  });

  it('decodes from any byte offset (SQLite blobs are not aligned)', () => {
    const blob = encodeEmbeddings({
      vectors: [Float32Array.of(0, 0.5, 0, 0, 0, 0, 0, -0.25)],
      dimensions: 8,
      state: null,
    });
    const shifted = Buffer.concat([Buffer.from([1]), blob]).subarray(1);
    expect([...decodeEmbeddings(shifted).vectors[0]]).toEqual([0, 0.5, 0, 0, 0, 0, 0, -0.25]);
  });

  it('still reads format 1 blobs (count, dimensions, state length, state, floats)', () => {
    const old = Buffer.alloc(12 + 4 + 2 * 5 * 4);
    old.writeUInt32LE(2, 0);
    old.writeUInt32LE(5, 4);
    old.writeUInt32LE(1, 8);
    old[12] = 42;
    new Float32Array(old.buffer, 16, 10).set([...DENSE[0], ...DENSE[1]]);
    const decoded = decodeEmbeddings(old);
    expect(decoded.state).toEqual(Uint8Array.of(42));
    expect(bits(decoded.vectors).equals(bits(DENSE.slice(0, 2)))).toBe(true);
  });

  it('rejects truncated blobs and out-of-range sparse dimensions', () => {
    const blob = encodeEmbeddings({ vectors: [Float32Array.of(0, 0, 0, 0, 0, 0, 0, 1)], dimensions: 8, state: null });
    expect(() => decodeEmbeddings(blob.subarray(0, blob.length - 1))).toThrow('header says');
    const bad = Buffer.from(blob);
    bad.writeUInt16LE(9, 28);
    expect(() => decodeEmbeddings(bad)).toThrow('vector 0 has dimension 9 of 8');
    expect(() =>
      decodeEmbeddings(encodeEmbeddings({ vectors: DENSE, dimensions: 5, state: null }).subarray(0, 70)),
    ).toThrow('header says');
  });
});
