/**
 * A piece of a corpus document. Offsets point into the document's `text`, so relevance can be
 * judged against gold documents and gold character spans whatever the chunking was.
 */
export interface Chunk {
  /** Position in the chunk list of one chunking run (stable for one cache key only). */
  index: number;
  docId: string;
  /** [start, end) character offsets into the source document's text. */
  start: number;
  end: number;
  text: string;
  /** Title of the source document, if any; embedders and BM25 may use it. */
  title?: string;
}

/** One retrieved (or reranked) candidate. */
export interface ScoredChunk {
  chunkIndex: number;
  score: number;
}
