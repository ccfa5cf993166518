import { chunkDocument, type ChunkingOptions } from '../../chunking/chunk-document.js';
import type { Chunk } from '../../chunking/chunk.js';
import type { CorpusDoc } from '../../data/dataset-schema.js';
import { countTokens } from '../../text/token-counter.js';

/** A chunking's output: the chunks in corpus order and each one's cl100k token count (for context packing). */
export interface ChunkSet {
  chunks: Chunk[];
  tokenCounts: number[];
}

/** Int32 fields per chunk in a {@link chunkSpans} result: document (within the batch), start, end, tokens. */
const FIELDS = 4;

/**
 * Chunks a batch of document texts into one typed array of (document, start, end, cl100k tokens)
 * quadruples, in document order: what a worker thread sends back instead of chunk objects (a
 * chunk's text is its document's slice, so only offsets need to travel).
 */
export async function chunkSpans(options: ChunkingOptions & { texts: readonly string[] }): Promise<Int32Array> {
  const { texts, ...chunking } = options;
  const out: number[] = [];
  for (let d = 0; d < texts.length; d++) {
    // Only the text decides the spans; id and title are put back by chunksFromSpans.
    for (const chunk of await chunkDocument({ ...chunking, doc: { id: 'd', text: texts[d] as string } })) {
      out.push(d, chunk.start, chunk.end, countTokens(chunk.text));
    }
  }
  return Int32Array.from(out);
}

/**
 * The chunks and token counts of consecutive batches of `docs` (batch b holds `docs[batchStart[b]
 * ..]`), numbered across batches: the same objects, key for key, as `chunkCorpus` makes, so a
 * chunk set serialises to the same bytes whichever thread cut it.
 */
export function chunksFromSpans(options: {
  docs: readonly CorpusDoc[];
  batches: readonly { first: number; spans: Int32Array }[];
}): ChunkSet {
  const chunks: Chunk[] = [];
  const tokenCounts: number[] = [];
  for (const { first, spans } of options.batches) {
    for (let i = 0; i < spans.length; i += FIELDS) {
      const doc = options.docs[first + (spans[i] as number)] as CorpusDoc;
      const start = spans[i + 1] as number;
      const end = spans[i + 2] as number;
      const chunk: Chunk = { index: chunks.length, docId: doc.id, start, end, text: doc.text.slice(start, end) };
      if (doc.title !== undefined) chunk.title = doc.title;
      chunks.push(chunk);
      tokenCounts.push(spans[i + 3] as number);
    }
  }
  return { chunks, tokenCounts };
}
