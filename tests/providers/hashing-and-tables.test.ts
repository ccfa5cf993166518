import { describe, expect, it } from 'vitest';
import { BinaryReader, BinaryWriter } from '../../src/providers/local/binary-codec.js';
import { charNgramKeys } from '../../src/providers/local/char-ngram-embedder.js';
import { fnv1a, fnvStep, hashedBucket, hashedSign, mix32 } from '../../src/text/feature-hashing.js';
import { wordFeatureKeys } from '../../src/providers/local/hashed-words-embedder.js';
import { topK } from '../../src/providers/local/top-k.js';
import { Uint32CountTable } from '../../src/providers/local/uint32-count-table.js';

describe('feature hashing', () => {
  it('matches the FNV-1a reference values and continues from a seed', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(fnv1a('bar', fnv1a('foo'))).toBe(fnv1a('foobar'));
    expect(fnv1a('b', fnvStep(fnv1a('a'), 0x20))).toBe(fnv1a('a b'));
  });

  it('spreads keys over buckets with balanced signs', () => {
    const buckets = new Array(16).fill(0);
    let positive = 0;
    for (let i = 0; i < 16_000; i++) {
      const key = mix32(fnv1a(`feature-${i}`));
      buckets[hashedBucket(key, 16)]++;
      if (hashedSign(key) === 1) positive++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(850);
    expect(positive).toBeGreaterThan(7_600);
    expect(positive).toBeLessThan(8_400);
  });
});

describe('feature extraction', () => {
  it('hash-words: stemmed content terms in order, repeats kept', () => {
    // "the" is a stopword; "Ranking" and "ranks" stem to "rank".
    const keys = wordFeatureKeys('the Ranking ranks passages');
    expect(Array.from(keys)).toEqual([mix32(fnv1a('rank')), mix32(fnv1a('rank')), mix32(fnv1a('passag'))]);
    expect(wordFeatureKeys('')).toHaveLength(0);
  });

  it('hash-chargrams: 3-5-grams of "<word>", stopwords dropped', () => {
    // "<cat>" has 3 trigrams, 2 four-grams, 1 five-gram.
    expect(charNgramKeys('the cat')).toHaveLength(6);
    expect(charNgramKeys('cat')).toEqual(charNgramKeys('CAT'));
    expect(Array.from(charNgramKeys('cat'))).toContain(mix32(fnv1a('<ca')));
    expect(Array.from(charNgramKeys('cat'))).toContain(mix32(fnv1a('<cat>')));
  });
});

describe('Uint32CountTable', () => {
  it('counts, grows, filters and lists keys in order', () => {
    const table = new Uint32CountTable(2);
    // mix32(0) is 0, so offset by one to keep key 0 for the explicit check below.
    for (let i = 0; i < 1000; i++) table.add(mix32((i % 300) + 1));
    table.add(0, 5);
    expect(table.size).toBe(301);
    expect(table.get(mix32(8))).toBe(4);
    expect(table.get(0)).toBe(5);
    expect(table.get(12345)).toBe(0);
    const frequent = table.atLeast(4);
    expect(frequent.size).toBe(101);
    const { keys, counts } = frequent.sortedEntries();
    expect(Array.from(keys)).toEqual([...keys].sort((a, b) => a - b));
    expect(counts[0]).toBe(frequent.get(keys[0]));
  });
});

describe('binary codec', () => {
  it('round-trips numbers, arrays and strings from an unaligned buffer', () => {
    const bytes = new BinaryWriter()
      .u32(7)
      .f64(1.5)
      .strings(['a', 'ünï', ''])
      .array(Float32Array.from([1, 2.5]))
      .array(new Int32Array(0))
      .finish();
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    const reader = new BinaryReader(shifted.subarray(1), 'test');
    expect(reader.u32()).toBe(7);
    expect(reader.f64()).toBe(1.5);
    expect(reader.strings()).toEqual(['a', 'ünï', '']);
    expect(Array.from(reader.float32Array())).toEqual([1, 2.5]);
    expect(reader.int32Array()).toHaveLength(0);
    expect(() => reader.u32()).toThrow(/corrupt/);
  });
});

describe('topK', () => {
  it('keeps the k best, best first, ties to the lower index', () => {
    const scores = Float64Array.from([0.5, 0.9, 0.5, 0.1, 0.9, 0.7]);
    const candidates = Int32Array.from([5, 4, 3, 2, 1, 0]);
    expect(topK({ scores, candidates, count: 6, k: 4 })).toEqual([
      { chunkIndex: 1, score: 0.9 },
      { chunkIndex: 4, score: 0.9 },
      { chunkIndex: 5, score: 0.7 },
      { chunkIndex: 0, score: 0.5 },
    ]);
    expect(topK({ scores, candidates, count: 2, k: 10 }).map((s) => s.chunkIndex)).toEqual([4, 5]);
    expect(topK({ scores, candidates, count: 6, k: 0 })).toEqual([]);
  });
});
