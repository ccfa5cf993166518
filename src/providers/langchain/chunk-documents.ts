import { Document } from '@langchain/core/documents';
import type { DocumentInterface } from '@langchain/core/documents';
import { LlmError } from '../../llm/llm-error.js';

/** What tune-rag puts in the metadata of the Documents it hands to LangChain.js components. */
export interface ChunkMetadata {
  /** Index of the chunk in the configuration's chunk set: how results are mapped back. */
  chunkIndex: number;
  docId: string;
  title?: string;
}

/** One LangChain Document per chunk, in chunk order. */
export function chunkDocuments(
  chunks: readonly { text: string; docId: string; title?: string }[],
): Document<ChunkMetadata>[] {
  return chunks.map(
    (chunk, chunkIndex) =>
      new Document<ChunkMetadata>({
        pageContent: chunk.text,
        metadata: { chunkIndex, docId: chunk.docId, ...(chunk.title ? { title: chunk.title } : {}) },
      }),
  );
}

/**
 * The chunk a returned Document stands for: its `chunkIndex` metadata, else the chunk with exactly
 * its text (components that rebuild Documents keep the text). Null when neither matches: the
 * component returned text that is no chunk, which retrieval cannot score against the gold spans.
 */
export function chunkIndexOf(document: DocumentInterface, byText: ReadonlyMap<string, number>): number | null {
  const index = (document.metadata as Partial<ChunkMetadata> | undefined)?.chunkIndex;
  if (typeof index === 'number' && Number.isInteger(index)) return index;
  return byText.get(document.pageContent) ?? null;
}

/** Chunk index by chunk text (the first chunk of a repeated text). */
export function indexByText(texts: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  texts.forEach((text, index) => {
    if (!out.has(text)) out.set(text, index);
  });
  return out;
}

/**
 * {@link chunkIndexOf}, for a Document a component returned: one that is no chunk, or not one
 * `accepts` (e.g. not among a reranker's candidates), fails the call with an `invalid_output`
 * LlmError naming the component, rather than scoring as a retrieval miss.
 */
export function requireChunkIndex(
  document: DocumentInterface,
  options: {
    component: string;
    byText: ReadonlyMap<string, number>;
    accepts?: (chunkIndex: number) => boolean;
    /** What the document should have been, for the message, e.g. "one of the candidates". */
    expected: string;
  },
): number {
  const chunkIndex = chunkIndexOf(document, options.byText);
  if (chunkIndex !== null && (options.accepts?.(chunkIndex) ?? true)) return chunkIndex;
  throw new LlmError({
    code: 'invalid_output',
    message: `langchain:${options.component}: returned a document that is not ${options.expected} ("${document.pageContent.slice(0, 60)}")`,
  });
}
