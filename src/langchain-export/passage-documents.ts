import { Document } from '@langchain/core/documents';
import type { Chunk } from '../chunking/chunk.js';
import type { Passage } from '../pipeline/question-stage.js';
import { documentToChunk, type ChunkMetadata } from './chunk-document-view.js';

/**
 * The passage a Document stands for: its chunk, with `metadata.rank`, or else its position in
 * `documents` (retrieved hits are in rank order), as the rank of the hit it came from.
 */
export function documentsToPassages(documents: readonly Document[]): Passage[] {
  return documents.map((document, position) => ({
    ...documentToChunk(document),
    rank: (document.metadata as ChunkMetadata).rank ?? position,
  }));
}

/** A reshaped passage as a Document: its text, real document offsets and the rank of its hit (if any). */
export function passageToDocument(passage: Chunk & { rank?: number }): Document<ChunkMetadata> {
  const metadata: ChunkMetadata = {
    chunkIndex: passage.index,
    docId: passage.docId,
    start: passage.start,
    end: passage.end,
  };
  if (passage.rank !== undefined) metadata.rank = passage.rank;
  if (passage.title !== undefined) metadata.title = passage.title;
  return new Document({ pageContent: passage.text, metadata });
}
