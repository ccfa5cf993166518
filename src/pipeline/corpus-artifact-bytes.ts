import { sparseRowsOf } from '../retrieval/sparse-vector-rows.js';
import type { ChunkSet } from './parallel/chunk-spans.js';

// Estimates of what corpus artifacts hold in memory, for the byte bound of ArtifactMemo. Rough
// but on the high side where it matters: vectors and indexes, the large ones, are typed arrays.

/** What a chunk set holds beyond its documents' texts (chunk objects, sliced-string headers, counts). */
export function chunkSetBytes(set: ChunkSet): number {
  return set.chunks.length * 160;
}

/** What an embedding run's vectors hold (with each typed array's own header). */
export function vectorBytes(vectors: readonly Float32Array[]): number {
  const rows = sparseRowsOf(vectors);
  if (rows) return rows.byteLength;
  let bytes = 0;
  for (const v of vectors) bytes += v.byteLength + 64;
  return bytes;
}
