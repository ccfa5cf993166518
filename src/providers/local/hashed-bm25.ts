import { BinaryReader, BinaryWriter } from './binary-codec.js';
import { mix32 } from '../../text/feature-hashing.js';
import { countDocumentFrequencies, readFrequencies, writeFrequencies } from './document-frequencies.js';
import type { Uint32CountTable } from './uint32-count-table.js';
import { normalizeInPlace } from './unit-vector.js';

const MAGIC = 0x48424d32; // "HBM2"
const FORMAT = 1;

/** BM25's usual constants, the same as the lexical index's defaults (bm25-index.ts). */
const K1 = 1.2;
const B = 0.75;

/**
 * BM25 term weights folded into a fixed number of dimensions, so the inner product of a query
 * vector with a document vector is, up to hash collisions and one scale per query, the
 * document's BM25 score for that query: a document term carries √idf · saturated,
 * length-normalised tf, a query term √idf (once, as BM25 counts a repeated query term once).
 * Splitting idf between the two sides keeps either side's collisions from carrying a whole idf.
 *
 * Each term is spread over `hashes` signed buckets with weight w/√hashes. The expected inner
 * product is unchanged, but a collision between two unrelated terms moves the score by a
 * fraction of a weight in a few places instead of a whole weight in one. With one bucket per
 * feature, a distractor whose rare term landed on a query term's bucket jumped to the top: that
 * heavy tail is what made recall collapse as the corpus grew (recall@4 on 20k SQuAD paragraphs:
 * 0.44 for version 2's TF-IDF cosine; BM25 weights with idf on the chunk side 0.74 in one bucket,
 * 0.76 in 4; with √idf on both sides 0.77 in 4 and 0.79 in 6; BM25 itself 0.82).
 *
 * Keys seen in fewer than two documents are not stored; a missing key counts as df = 1.
 */
export class HashedBm25 {
  private constructor(
    readonly dimensions: number,
    readonly hashes: number,
    private readonly documentCount: number,
    private readonly averageLength: number,
    private readonly documentFrequency: Uint32CountTable,
  ) {}

  /** Learns document frequencies and the average length from each corpus text's term keys. */
  static fit(options: { documents: Iterable<Uint32Array>; dimensions: number; hashes: number }): HashedBm25 {
    const { df, documentCount, totalKeys } = countDocumentFrequencies(options.documents);
    const averageLength = documentCount === 0 ? 1 : Math.max(totalKeys / documentCount, 1);
    return new HashedBm25(options.dimensions, options.hashes, documentCount, averageLength, df);
  }

  /** Rebuilds a fitted table from {@link serialize} output. */
  static restore(bytes: Uint8Array, what: string): HashedBm25 {
    const reader = new BinaryReader(bytes, what);
    reader.expectHeader(MAGIC, FORMAT);
    const dimensions = reader.u32();
    const hashes = reader.u32();
    const documentCount = reader.u32();
    const averageLength = reader.f64();
    return new HashedBm25(dimensions, hashes, documentCount, averageLength, readFrequencies(reader));
  }

  /** Keys in ascending order, so equal tables serialise to equal bytes. */
  serialize(): Uint8Array {
    const writer = new BinaryWriter()
      .u32(MAGIC)
      .u32(FORMAT)
      .u32(this.dimensions)
      .u32(this.hashes)
      .u32(this.documentCount)
      .f64(this.averageLength);
    return writeFrequencies(writer, this.documentFrequency).finish();
  }

  /** Lucene's BM25 IDF, ln(1 + (N − df + 0.5) / (df + 0.5)): never negative. */
  idf(key: number): number {
    const df = this.documentFrequency.get(key) || 1;
    return Math.log(1 + (this.documentCount - df + 0.5) / (df + 0.5));
  }

  /** Unit vector for one text's term keys (repeats = term frequency), as a document or a query. */
  vectorize(keys: Uint32Array, kind: 'document' | 'query'): Float32Array {
    const out = new Float32Array(this.dimensions);
    const sorted = Uint32Array.from(keys).sort();
    const lengthNorm = K1 * (1 - B + (B * keys.length) / this.averageLength);
    let i = 0;
    while (i < sorted.length) {
      const key = sorted[i];
      let j = i + 1;
      while (j < sorted.length && sorted[j] === key) j++;
      const tf = j - i;
      const root = Math.sqrt(this.idf(key));
      const weight = kind === 'query' ? root : (root * tf * (K1 + 1)) / (tf + lengthNorm);
      this.spread(out, key, weight);
      i = j;
    }
    // Only the query is scaled: a document's magnitude is its BM25 length normalisation, which
    // unit length would undo (recall@4 at 20k documents: 0.69 with unit documents, 0.79 without).
    return kind === 'query' ? normalizeInPlace(out) : out;
  }

  /** Adds `weight` for `key` over `hashes` signed buckets, w/√hashes each. */
  private spread(out: Float32Array, key: number, weight: number): void {
    const share = weight / Math.sqrt(this.hashes);
    let h = key;
    for (let n = 0; n < this.hashes; n++) {
      h = mix32(h + 0x9e3779b9);
      out[h % this.dimensions] += (h & 0x80000000) === 0 ? share : -share;
    }
  }
}
