import type { CorpusDoc } from '../data/dataset-schema.js';
import { BinaryReader, BinaryWriter } from '../providers/local/binary-codec.js';
import { chunksFromSpans, type ChunkSet } from './parallel/chunk-spans.js';

const MAGIC = 0x43484b53; // "CHKS"
const FORMAT = 1;

/**
 * A chunk set as the stage cache stores it: per chunk its document's position in the corpus,
 * start, end and token count (16 bytes), not its text. A chunk's text is its document's slice and
 * the chunk key holds the dataset's fingerprint, so the texts come back from the dataset: at 100k
 * documents this is 1.7 MB instead of ~40 MB of JSON, and chunks read back share their
 * documents' memory instead of holding a copy of the corpus.
 */
export function encodeChunkSet(set: ChunkSet, docs: readonly CorpusDoc[]): Buffer {
  const spans = new Int32Array(set.chunks.length * 4);
  let doc = 0;
  set.chunks.forEach((chunk, i) => {
    // Chunks come in corpus order, so the document pointer only moves forward.
    while (doc < docs.length && (docs[doc] as CorpusDoc).id !== chunk.docId) doc++;
    if (doc === docs.length) throw new Error(`chunk ${i} names document "${chunk.docId}", not in corpus order`);
    spans.set([doc, chunk.start, chunk.end, set.tokenCounts[i] as number], i * 4);
  });
  const bytes = new BinaryWriter().u32(MAGIC).u32(FORMAT).u32(docs.length).array(spans).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when `value` is an {@link encodeChunkSet} blob (older caches hold the chunk set as JSON). */
export function isEncodedChunkSet(value: Uint8Array): boolean {
  return value.byteLength >= 4 && new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true) === MAGIC;
}

/**
 * The chunk set of an {@link encodeChunkSet} blob over the same `docs`: identical, key for key,
 * to the one encoded. Throws when the blob is damaged or does not fit these documents.
 */
export function decodeChunkSet(value: Uint8Array, docs: readonly CorpusDoc[]): ChunkSet {
  const reader = new BinaryReader(value, 'chunk set');
  reader.expectHeader(MAGIC, FORMAT);
  const count = reader.u32();
  const spans = reader.int32Array();
  const fail = (why: string) => new Error(`chunk set does not fit the corpus: ${why}`);
  if (count !== docs.length) throw fail(`${count} documents recorded, ${docs.length} given`);
  if (spans.length % 4 !== 0) throw fail('truncated span list');
  for (let i = 0; i < spans.length; i += 4) {
    const doc = docs[spans[i] as number];
    const start = spans[i + 1] as number;
    const end = spans[i + 2] as number;
    if (doc === undefined || start < 0 || end <= start || end > doc.text.length)
      throw fail(`span ${i / 4} out of range`);
  }
  return chunksFromSpans({ docs, batches: [{ first: 0, spans }] });
}

/** A cached chunk set (binary, or the JSON older versions stored), or null when it does not decode or fit the corpus. */
export function chunkSetOrNull(value: Buffer, docs: readonly CorpusDoc[]): ChunkSet | null {
  try {
    return isEncodedChunkSet(value) ? decodeChunkSet(value, docs) : (JSON.parse(value.toString('utf8')) as ChunkSet);
  } catch {
    return null;
  }
}
