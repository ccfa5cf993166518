import type { ScoredChunk } from '../chunking/chunk.js';
import { topK } from '../providers/local/top-k.js';
import { type SparseVectorRows, sparseRowsOf } from './sparse-vector-rows.js';

/** Below this share of non-zero coordinates the vectors are scanned through per-dimension postings. */
const SPARSE_DENSITY = 0.25;

/**
 * Exact nearest-neighbour search over unit vectors: every chunk's inner product with the query,
 * then the k best (ties to the lower chunk index, like {@link DenseIndex}). Nothing to build but a
 * copy of the vectors in one flat layout, so evaluation-time search costs no index build and
 * loses no recall to an approximate graph.
 *
 * Two layouts, chosen from the vectors alone (so the same vectors always take the same path):
 * dense (row-major Float32Array, unrolled dot products) or, for mostly-zero vectors such as the
 * hashed TF-IDF embedders', per-dimension postings (an inverted scan that touches only the chunks
 * sharing a non-zero dimension with the query).
 */
export class ExactVectorSearch {
  private readonly candidates: Int32Array;
  private readonly scores: Float64Array;

  private constructor(
    readonly dimensions: number,
    readonly count: number,
    private readonly layout: DenseLayout | SparseLayout,
  ) {
    this.candidates = Int32Array.from({ length: count }, (_, i) => i);
    this.scores = new Float64Array(count);
  }

  /** Lays out `vectors` (chunk order) for scanning; throws when one has the wrong length. */
  static build(options: { vectors: readonly Float32Array[]; dimensions: number }): ExactVectorSearch {
    const { vectors, dimensions } = options;
    const rows = sparseRowsOf(vectors);
    if (rows && rows.dimensions === dimensions && rows.nonZeros <= SPARSE_DENSITY * rows.count * dimensions)
      return new ExactVectorSearch(dimensions, rows.count, postingsOfRows(rows));
    let nonZero = 0;
    vectors.forEach((vector, i) => {
      if (vector.length !== dimensions)
        throw new Error(`vector ${i} has ${vector.length} dimensions, expected ${dimensions}`);
      for (let d = 0; d < dimensions; d++) if (vector[d] !== 0) nonZero++;
    });
    const sparse = nonZero <= SPARSE_DENSITY * vectors.length * dimensions;
    const layout = sparse ? sparseLayout(vectors, dimensions, nonZero) : denseLayout(vectors, dimensions);
    return new ExactVectorSearch(dimensions, vectors.length, layout);
  }

  /** Which layout the vectors got: 'sparse' (inverted scan) or 'dense' (full scan). */
  get kind(): 'dense' | 'sparse' {
    return this.layout.kind;
  }

  /** The k chunks of highest inner product with `query`, best first; k is clamped to the count. */
  search(query: Float32Array | number[], k: number): ScoredChunk[] {
    if (query.length !== this.dimensions)
      throw new Error(`query has ${query.length} dimensions, expected ${this.dimensions}`);
    const n = Math.min(Math.max(Math.floor(k), 0), this.count);
    if (n === 0) return [];
    if (this.layout.kind === 'dense') scoreDense(this.layout, query, this.scores);
    else scoreSparse(this.layout, query, this.scores);
    return topK({ scores: this.scores, candidates: this.candidates, count: this.count, k: n });
  }

  /** Bytes held for scanning (the flat vectors or postings). */
  byteSize(): number {
    const l = this.layout;
    return l.kind === 'dense' ? l.matrix.byteLength : l.offsets.byteLength + l.rows.byteLength + l.values.byteLength;
  }
}

interface DenseLayout {
  kind: 'dense';
  matrix: Float32Array;
  dimensions: number;
}

/** Column-compressed vectors: chunks `rows[offsets[d]..offsets[d+1])` have `values[...]` at dimension d. */
interface SparseLayout {
  kind: 'sparse';
  offsets: Int32Array;
  rows: Int32Array;
  values: Float32Array;
}

function denseLayout(vectors: readonly Float32Array[], dimensions: number): DenseLayout {
  const matrix = new Float32Array(vectors.length * dimensions);
  vectors.forEach((v, i) => matrix.set(v, i * dimensions));
  return { kind: 'dense', matrix, dimensions };
}

function sparseLayout(vectors: readonly Float32Array[], dimensions: number, nonZero: number): SparseLayout {
  const offsets = new Int32Array(dimensions + 1);
  for (const v of vectors) for (let d = 0; d < dimensions; d++) if (v[d] !== 0) offsets[d + 1]++;
  for (let d = 0; d < dimensions; d++) offsets[d + 1] += offsets[d];
  const next = offsets.slice(0, dimensions);
  const rows = new Int32Array(nonZero);
  const values = new Float32Array(nonZero);
  // Chunks in ascending order within each dimension, so every score adds up in the same order.
  vectors.forEach((v, i) => {
    for (let d = 0; d < dimensions; d++) {
      if (v[d] === 0) continue;
      const p = next[d]++;
      rows[p] = i;
      values[p] = v[d];
    }
  });
  return { kind: 'sparse', offsets, rows, values };
}

/** The same postings as {@link sparseLayout}, read off sparse rows without making them dense. */
function postingsOfRows(source: SparseVectorRows): SparseLayout {
  const { dimensions, indices, values: rowValues, offsets: rowOffsets } = source;
  const offsets = new Int32Array(dimensions + 1);
  for (let k = 0; k < indices.length; k++) offsets[indices[k] + 1]++;
  for (let d = 0; d < dimensions; d++) offsets[d + 1] += offsets[d];
  const next = offsets.slice(0, dimensions);
  const rows = new Int32Array(indices.length);
  const values = new Float32Array(indices.length);
  for (let i = 0; i < source.count; i++) {
    for (let k = rowOffsets[i]; k < rowOffsets[i + 1]; k++) {
      const p = next[indices[k]]++;
      rows[p] = i;
      values[p] = rowValues[k];
    }
  }
  return { kind: 'sparse', offsets, rows, values };
}

/** scores[c] = matrix row c · query, unrolled by four (V8 does not vectorise). */
function scoreDense(layout: DenseLayout, query: Float32Array | number[], scores: Float64Array): void {
  const { matrix, dimensions } = layout;
  const unrolled = dimensions - (dimensions % 4);
  for (let c = 0, row = 0; c < scores.length; c++, row += dimensions) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let d = 0;
    for (; d < unrolled; d += 4) {
      s0 += matrix[row + d] * query[d];
      s1 += matrix[row + d + 1] * query[d + 1];
      s2 += matrix[row + d + 2] * query[d + 2];
      s3 += matrix[row + d + 3] * query[d + 3];
    }
    for (; d < dimensions; d++) s0 += matrix[row + d] * query[d];
    scores[c] = s0 + s1 + s2 + s3;
  }
}

/** Inverted scan: only the postings of the query's non-zero dimensions, in dimension order. */
function scoreSparse(layout: SparseLayout, query: Float32Array | number[], scores: Float64Array): void {
  const { offsets, rows, values } = layout;
  scores.fill(0);
  for (let d = 0; d < query.length; d++) {
    const q = query[d];
    if (q === 0) continue;
    for (let p = offsets[d]; p < offsets[d + 1]; p++) scores[rows[p]] += q * values[p];
  }
}
