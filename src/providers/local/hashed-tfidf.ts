import { BinaryReader, BinaryWriter } from './binary-codec.js';
import { hashedBucket, hashedSign } from '../../text/feature-hashing.js';
import { countDocumentFrequencies, readFrequencies, writeFrequencies } from './document-frequencies.js';
import type { Uint32CountTable } from './uint32-count-table.js';
import { normalizeInPlace } from './unit-vector.js';

const MAGIC = 0x48544644; // "HTFD"
const FORMAT = 1;

/**
 * TF-IDF over hashed features (32-bit keys), folded into a fixed number of dimensions with signed
 * hashing. Document frequencies are kept per 32-bit key, not per output bucket: with only a few
 * hundred buckets every bucket would occur in nearly every document and IDF would flatten out.
 *
 * Invariant: keys seen in fewer than two documents are not stored, and a missing key is treated
 * as df = 1. That keeps the table small (most n-grams are hapaxes) and gives unseen query
 * features the weight of the rarest corpus features, identically before and after a restore.
 */
export class HashedTfidf {
  private constructor(
    readonly dimensions: number,
    private readonly documentCount: number,
    private readonly documentFrequency: Uint32CountTable,
  ) {}

  /** Learns document frequencies from the feature keys of each corpus text (called once at `create`). */
  static fit(options: { documents: Iterable<Uint32Array>; dimensions: number }): HashedTfidf {
    const { df, documentCount } = countDocumentFrequencies(options.documents);
    return new HashedTfidf(options.dimensions, documentCount, df);
  }

  /** Rebuilds a fitted table from {@link serialize} output. */
  static restore(bytes: Uint8Array, what: string): HashedTfidf {
    const reader = new BinaryReader(bytes, what);
    reader.expectHeader(MAGIC, FORMAT);
    const dimensions = reader.u32();
    const documentCount = reader.u32();
    return new HashedTfidf(dimensions, documentCount, readFrequencies(reader));
  }

  /** Keys in ascending order, so equal tables serialise to equal bytes. */
  serialize(): Uint8Array {
    const writer = new BinaryWriter().u32(MAGIC).u32(FORMAT).u32(this.dimensions).u32(this.documentCount);
    return writeFrequencies(writer, this.documentFrequency).finish();
  }

  /** Smoothed IDF, as in scikit-learn: ln((1 + N) / (1 + df)) + 1, always > 0. */
  idf(key: number): number {
    const df = this.documentFrequency.get(key) || 1;
    return Math.log((1 + this.documentCount) / (1 + df)) + 1;
  }

  /**
   * Unit vector for one text's feature keys (repeats = term frequency): sublinear tf (1 + ln tf)
   * times IDF, each feature added with its hashed sign to its hashed bucket.
   */
  vectorize(keys: Uint32Array): Float32Array {
    const out = new Float32Array(this.dimensions);
    const sorted = Uint32Array.from(keys).sort();
    let i = 0;
    while (i < sorted.length) {
      const key = sorted[i];
      let j = i + 1;
      while (j < sorted.length && sorted[j] === key) j++;
      const weight = (1 + Math.log(j - i)) * this.idf(key);
      out[hashedBucket(key, this.dimensions)] += hashedSign(key) * weight;
      i = j;
    }
    return normalizeInPlace(out);
  }
}
