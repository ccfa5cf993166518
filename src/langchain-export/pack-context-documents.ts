import type { Document } from '@langchain/core/documents';
import { packPassages } from '../pipeline/pack-passages.js';
import { documentsToPassages, passageToDocument } from './passage-documents.js';

/**
 * The passages that fit in `context.max_tokens`, as tune-rag's generate stage packs them (the
 * same packPassages): whole passages by rank (`metadata.rank`, else their position) while they
 * fit, the best one cut to the budget if it alone is too long, shown in the order given (a
 * `context.order` transformer's). A cut passage becomes the prefix the generator sees, its
 * `metadata.end` moved to match, so retrieval "at context" is judged on what was seen.
 */
export function packContextDocuments(options: { documents: readonly Document[]; maxTokens: number }): Document[] {
  return packPassages(documentsToPassages(options.documents), options.maxTokens).map(passageToDocument);
}
