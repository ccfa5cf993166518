import { SparseVectorRows, sparseRowsOf } from '../retrieval/sparse-vector-rows.js';

/**
 * Binary layout of a cached embedding run: the vectors and the embedder's learned state in one
 * blob, so they cannot drift apart.
 *
 * Format 2 (written now): header of five u32 (MAGIC, count, dimensions, stateLength or
 * 0xffffffff for no state, layout), the state padded to 4 bytes, then the vectors in one of two
 * lossless layouts, whichever is smaller:
 * - `dense`: count*dimensions float32 values;
 * - `sparse`: u32 prefix counts of non-zeros per vector (count + 1 of them), then every non-zero's
 *   u16 dimension (padded to 4 bytes), then its float32 value. The hashed embedders (hash-words,
 *   hash-chargrams) fill ~5% of their 2048 dimensions, so this is ~12x smaller than dense.
 * Both decode to exactly the float32 values encoded (a -0 comes back as 0), so retrieval over
 * decoded vectors is identical to retrieval over the vectors the embedder made.
 *
 * Format 1 (no MAGIC: count, dimensions, stateLength, state, dense floats) is still read, so a
 * cache written before keeps serving its vectors.
 */
export interface EmbeddingRun {
  vectors: Float32Array[];
  dimensions: number;
  state: Uint8Array | null;
}

const MAGIC = 0x32424d45; // "EMB2" little-endian
const NO_STATE = 0xffffffff;
const LAYOUTS = ['dense', 'sparse'] as const;
const MAX_SPARSE_DIMENSIONS = 65_536;

/** Which layout {@link encodeEmbeddings} picks for these vectors, and the bytes of their section. */
export function vectorLayout(run: EmbeddingRun): { layout: (typeof LAYOUTS)[number]; bytes: number } {
  const dense = run.vectors.length * run.dimensions * 4;
  if (run.dimensions > MAX_SPARSE_DIMENSIONS) return { layout: 'dense', bytes: dense };
  const rows = sparseRowsOf(run.vectors);
  let nonZeros = rows?.nonZeros ?? 0;
  if (!rows) for (const vector of run.vectors) for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) nonZeros++;
  const sparse = (run.vectors.length + 1) * 4 + pad4(nonZeros * 2) + nonZeros * 4;
  return sparse < dense ? { layout: 'sparse', bytes: sparse } : { layout: 'dense', bytes: dense };
}

export function encodeEmbeddings(run: EmbeddingRun): Buffer {
  const { vectors, dimensions } = run;
  const state = run.state ?? new Uint8Array(0);
  const { layout, bytes } = vectorLayout(run);
  const start = 20 + pad4(state.byteLength);
  const out = Buffer.alloc(start + bytes);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(vectors.length, 4);
  out.writeUInt32LE(dimensions, 8);
  out.writeUInt32LE(run.state ? state.byteLength : NO_STATE, 12);
  out.writeUInt32LE(LAYOUTS.indexOf(layout), 16);
  out.set(state, 20);
  if (layout === 'dense') {
    const floats = new Float32Array(out.buffer, out.byteOffset + start, vectors.length * dimensions);
    vectors.forEach((v, i) => floats.set(v, i * dimensions));
    return out;
  }
  const prefix = new Uint32Array(out.buffer, out.byteOffset + start, vectors.length + 1);
  const rows = sparseRowsOf(vectors);
  if (rows) {
    // The sparse layout is the rows' own: copied as they are, no dense vector made.
    prefix.set(rows.offsets);
    const at = start + prefix.byteLength;
    new Uint16Array(out.buffer, out.byteOffset + at, rows.nonZeros).set(rows.indices);
    new Float32Array(out.buffer, out.byteOffset + at + pad4(rows.nonZeros * 2), rows.nonZeros).set(rows.values);
    return out;
  }
  vectors.forEach((v, i) => {
    let n = 0;
    for (let d = 0; d < v.length; d++) if (v[d] !== 0) n++;
    prefix[i + 1] = (prefix[i] as number) + n;
  });
  const nonZeros = prefix[vectors.length] as number;
  const indicesAt = start + prefix.byteLength;
  const indices = new Uint16Array(out.buffer, out.byteOffset + indicesAt, nonZeros);
  const values = new Float32Array(out.buffer, out.byteOffset + indicesAt + pad4(nonZeros * 2), nonZeros);
  let k = 0;
  for (const v of vectors) {
    for (let d = 0; d < v.length; d++) {
      if (v[d] === 0) continue;
      indices[k] = d;
      values[k++] = v[d] as number;
    }
  }
  return out;
}

/** Decodes {@link encodeEmbeddings}' layouts (and format 1); throws when the blob does not match its header. */
export function decodeEmbeddings(buffer: Buffer): EmbeddingRun {
  if (buffer.length >= 20 && buffer.readUInt32LE(0) === MAGIC) return decodeFormat2(buffer);
  return decodeFormat1(buffer);
}

function decodeFormat2(buffer: Buffer): EmbeddingRun {
  const count = buffer.readUInt32LE(4);
  const dimensions = buffer.readUInt32LE(8);
  const state = readState(buffer, 12, 20);
  const layout = LAYOUTS[buffer.readUInt32LE(16)];
  const start = 20 + pad4(state?.byteLength ?? 0);
  if (layout === 'dense') {
    const floats = new Float32Array(count * dimensions);
    const vectors = Array.from({ length: count }, (_, i) => floats.subarray(i * dimensions, (i + 1) * dimensions));
    expectLength(buffer, start + count * dimensions * 4);
    // Copy into an aligned buffer: SQLite blobs may start at any byte offset.
    new Uint8Array(floats.buffer).set(buffer.subarray(start));
    return { vectors, dimensions, state };
  }
  if (layout !== 'sparse') throw new Error(`embedding blob has unknown layout ${buffer.readUInt32LE(16)}`);
  const prefix = aligned(buffer, start, (count + 1) * 4, Uint32Array);
  const nonZeros = prefix[count] as number;
  const indicesAt = start + (count + 1) * 4;
  expectLength(buffer, indicesAt + pad4(nonZeros * 2) + nonZeros * 4);
  const indices = aligned(buffer, indicesAt, nonZeros * 2, Uint16Array);
  const values = aligned(buffer, indicesAt + pad4(nonZeros * 2), nonZeros * 4, Float32Array);
  // Kept sparse (see sparse-vector-rows.ts); the parts are checked against each other and the
  // dimensions, so a damaged blob is an error here, not a wrong vector later.
  let rows: SparseVectorRows;
  try {
    rows = SparseVectorRows.fromParts({ dimensions, offsets: prefix, indices, values });
  } catch (error) {
    throw new Error(`embedding blob's ${(error as Error).message}`);
  }
  return { vectors: rows.asVectors(), dimensions, state };
}

function decodeFormat1(buffer: Buffer): EmbeddingRun {
  if (buffer.length < 12) throw new Error(`embedding blob of ${buffer.length} bytes is shorter than its header`);
  const count = buffer.readUInt32LE(0);
  const dimensions = buffer.readUInt32LE(4);
  const state = readState(buffer, 8, 12);
  const start = 12 + pad4(state?.byteLength ?? 0);
  expectLength(buffer, start + count * dimensions * 4);
  const floats = aligned(buffer, start, count * dimensions * 4, Float32Array);
  const vectors = Array.from({ length: count }, (_, i) => floats.subarray(i * dimensions, (i + 1) * dimensions));
  return { vectors, dimensions, state };
}

/** The state whose length is the u32 at `lengthAt` and whose bytes start at `at`; null when absent. */
function readState(buffer: Buffer, lengthAt: number, at: number): Uint8Array | null {
  const length = buffer.readUInt32LE(lengthAt);
  if (length === NO_STATE) return null;
  if (at + length > buffer.length) throw new Error(`embedding blob's state of ${length} bytes runs past its end`);
  return new Uint8Array(buffer.subarray(at, at + length));
}

function expectLength(buffer: Buffer, expected: number): void {
  if (buffer.length !== expected)
    throw new Error(`embedding blob has ${buffer.length} bytes, its header says ${expected}`);
}

/** A copy of `bytes` bytes at `at` as a typed array (SQLite blobs may start at any byte offset). */
function aligned<T extends Uint16Array | Uint32Array | Float32Array>(
  buffer: Buffer,
  at: number,
  bytes: number,
  Type: { new (length: number): T; BYTES_PER_ELEMENT: number },
): T {
  if (at + bytes > buffer.length)
    throw new Error(`embedding blob of ${buffer.length} bytes is shorter than its header says`);
  const out = new Type(bytes / Type.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(buffer.subarray(at, at + bytes));
  return out;
}

function pad4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}
