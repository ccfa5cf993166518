import type { CorpusDoc } from '../data/dataset-schema.js';
import type { Chunk } from './chunk.js';
import { validateChunking, type ChunkingStrategy, type SpanChunker } from './chunker.js';
import { fixedTokenSpans } from './fixed-tokens-chunker.js';
import { markdownChunkSpans } from './markdown-chunker.js';
import { recursiveSpans } from './recursive-chunker.js';
import { sentenceChunkSpans } from './sentence-chunker.js';
import { tidySpan } from './text-span.js';

const CHUNKERS: Record<ChunkingStrategy, SpanChunker> = {
  fixed_tokens: fixedTokenSpans,
  recursive: recursiveSpans,
  sentence: sentenceChunkSpans,
  markdown: markdownChunkSpans,
};

/** Options shared by {@link chunkDocument} and `chunkCorpus`. */
export interface ChunkingOptions {
  strategy: ChunkingStrategy;
  /** Maximum chunk length in cl100k tokens, for every strategy. */
  size: number;
  /**
   * Fraction of `size` shared by consecutive chunks, in [0, 0.5]; default 0. Only
   * `fixed_tokens` and `recursive` use it; `sentence` and `markdown` ignore it.
   */
  overlap?: number;
}

/**
 * Cuts one document into chunks with the given strategy. Deterministic.
 *
 * Guarantees: `text === doc.text.slice(start, end)`; no chunk is empty or starts/ends with
 * whitespace; chunks are in document order (starts and ends strictly increase) and together
 * cover every non-whitespace character; of two chunks where one contains the other only the
 * larger is kept; `docId` and
 * `title` come from the doc; `index` is the position within this document's list.
 * Throws a `config` TuneRagError for an unknown strategy, bad size or overlap.
 */
export async function chunkDocument({
  doc,
  strategy,
  size,
  overlap = 0,
}: ChunkingOptions & { doc: CorpusDoc }): Promise<Chunk[]> {
  validateChunking({ strategy, size, overlap });
  const spans = await CHUNKERS[strategy]({ text: doc.text, size, overlap });
  const chunks: Chunk[] = [];
  for (const raw of spans) {
    const span = tidySpan(doc.text, raw);
    if (span === null) continue;
    const previous = chunks[chunks.length - 1];
    // Trimming whitespace can make a window equal to, inside, or around its neighbour (tiny
    // sizes, runs of blank tokens): keep only the larger, so starts and ends both increase.
    if (previous !== undefined && span.start >= previous.start && span.end <= previous.end) continue;
    while (chunks.length > 0 && (chunks[chunks.length - 1] as Chunk).start >= span.start) chunks.pop();
    const chunk: Chunk = {
      index: chunks.length,
      docId: doc.id,
      start: span.start,
      end: span.end,
      text: doc.text.slice(span.start, span.end),
    };
    if (doc.title !== undefined) chunk.title = doc.title;
    chunks.push(chunk);
  }
  return chunks;
}

/**
 * Chunks every document, in corpus order, into one list whose `index` is the position in that
 * list (stable for one corpus and one chunking config only; relevance is judged by offsets,
 * never by index). Async because langchain's splitter is. Called by the pipeline's chunk stage.
 */
export async function chunkCorpus({
  docs,
  ...options
}: ChunkingOptions & { docs: readonly CorpusDoc[] }): Promise<Chunk[]> {
  // Validate once up front so a bad config fails before any work, even on an empty corpus.
  validateChunking({ ...options, overlap: options.overlap ?? 0 });
  const all: Chunk[] = [];
  for (const doc of docs) {
    for (const chunk of await chunkDocument({ doc, ...options })) {
      chunk.index = all.length;
      all.push(chunk);
    }
  }
  return all;
}
