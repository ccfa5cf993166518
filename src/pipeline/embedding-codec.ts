/**
 * Binary layout of a cached embedding run: header (u32 count, u32 dimensions, u32 stateLength),
 * the embedder's learned state, then count*dimensions float32 values. One blob keeps the vectors
 * and the state that produced them together, so they cannot drift apart.
 */
export interface EmbeddingRun {
  vectors: Float32Array[];
  dimensions: number;
  state: Uint8Array | null;
}

export function encodeEmbeddings(run: EmbeddingRun): Buffer {
  const state = run.state ?? new Uint8Array(0);
  const header = 12;
  // Pad the state so the float section stays 4-byte aligned.
  const statePadded = Math.ceil(state.byteLength / 4) * 4;
  const out = Buffer.alloc(header + statePadded + run.vectors.length * run.dimensions * 4);
  out.writeUInt32LE(run.vectors.length, 0);
  out.writeUInt32LE(run.dimensions, 4);
  out.writeUInt32LE(run.state ? state.byteLength : 0xffffffff, 8);
  out.set(state, header);
  const floats = new Float32Array(
    out.buffer,
    out.byteOffset + header + statePadded,
    run.vectors.length * run.dimensions,
  );
  run.vectors.forEach((v, i) => floats.set(v, i * run.dimensions));
  return out;
}

/** Decodes {@link encodeEmbeddings}' layout; throws when the blob's length does not match its header. */
export function decodeEmbeddings(buffer: Buffer): EmbeddingRun {
  if (buffer.length < 12) throw new Error(`embedding blob of ${buffer.length} bytes is shorter than its header`);
  const count = buffer.readUInt32LE(0);
  const dimensions = buffer.readUInt32LE(4);
  const stateLength = buffer.readUInt32LE(8);
  const hasState = stateLength !== 0xffffffff;
  const length = hasState ? stateLength : 0;
  const statePadded = Math.ceil(length / 4) * 4;
  const expected = 12 + statePadded + count * dimensions * 4;
  if (buffer.length !== expected)
    throw new Error(`embedding blob has ${buffer.length} bytes, its header says ${expected}`);
  const state = hasState ? new Uint8Array(buffer.subarray(12, 12 + length)) : null;
  // Copy into an aligned buffer: SQLite blobs may start at any byte offset.
  const floats = new Float32Array(count * dimensions);
  const bytes = buffer.subarray(12 + statePadded, 12 + statePadded + count * dimensions * 4);
  new Uint8Array(floats.buffer).set(bytes);
  const vectors = Array.from({ length: count }, (_, i) => floats.subarray(i * dimensions, (i + 1) * dimensions));
  return { vectors, dimensions, state };
}
