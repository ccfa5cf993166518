import { Document } from '@langchain/core/documents';
import type { Chunk } from '../chunking/chunk.js';

/**
 * What a chunk carries in a LangChain Document's metadata: enough to judge it against gold
 * documents and gold spans (offsets into the source document) and to find it in the index.
 */
export interface ChunkMetadata {
  /** Position in the chunk list of the whole corpus (the vector's and the BM25 entry's id). */
  chunkIndex: number;
  docId: string;
  /** [start, end) character offsets into the source document's text. */
  start: number;
  end: number;
  title?: string;
  /** Score of the step that ranked it last (retriever, fusion or reranker). */
  score?: number;
  /** Rank (0 = best) of the hit a reshaped passage came from; context packing keeps passages by it. */
  rank?: number;
}

/** A tune-rag chunk as a LangChain Document (text in `pageContent`, position in `metadata`). */
export function chunkToDocument(chunk: Chunk): Document<ChunkMetadata> {
  const metadata: ChunkMetadata = { chunkIndex: chunk.index, docId: chunk.docId, start: chunk.start, end: chunk.end };
  if (chunk.title !== undefined) metadata.title = chunk.title;
  return new Document({ pageContent: chunk.text, metadata });
}

/** The chunk a Document made by {@link chunkToDocument} stands for (its text as the Document holds it). */
export function documentToChunk(document: Document): Chunk {
  const m = document.metadata as ChunkMetadata;
  if (typeof m.chunkIndex !== 'number' || typeof m.docId !== 'string')
    throw new TypeError('a document without chunk metadata (chunkIndex, docId): split it with TuneRagTextSplitter');
  const chunk: Chunk = { index: m.chunkIndex, docId: m.docId, start: m.start, end: m.end, text: document.pageContent };
  if (m.title !== undefined) chunk.title = m.title;
  return chunk;
}

/** The Document with another score in its metadata (a new Document: inputs are never mutated). */
export function withScore(document: Document, score: number): Document<ChunkMetadata> {
  return new Document({
    pageContent: document.pageContent,
    metadata: { ...(document.metadata as ChunkMetadata), score },
  });
}
