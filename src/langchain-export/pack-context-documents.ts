import { Document } from '@langchain/core/documents';
import { packContext } from '../pipeline/context-packing.js';
import { countTokens } from '../text/token-counter.js';
import { documentToChunk, type ChunkMetadata } from './chunk-document-view.js';

/**
 * The ranked chunks that fit in `context.max_tokens`, as tune-rag's generate stage packs them
 * (whole chunks in rank order while they fit; the first one cut to the budget if it alone is too
 * long). A cut chunk becomes the prefix the generator sees, its `metadata.end` moved to match,
 * so retrieval "at context" is judged on what was seen.
 */
export function packContextDocuments(options: { documents: readonly Document[]; maxTokens: number }): Document[] {
  const chunks = options.documents.map(documentToChunk);
  const packed = packContext({
    ranked: chunks.map((_, i) => i),
    chunks,
    tokenCounts: chunks.map((c) => countTokens(c.text)),
    maxTokens: options.maxTokens,
  });
  return packed.indices.map((i, position) => {
    const document = options.documents[i];
    const text = packed.texts[position];
    const metadata = document.metadata as ChunkMetadata;
    return new Document({ pageContent: text, metadata: { ...metadata, end: metadata.start + text.length } });
  });
}
