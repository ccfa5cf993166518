import type { Document } from '@langchain/core/documents';
import { BaseDocumentTransformer } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import type { CorpusDoc } from '../data/dataset-schema.js';
import { compressPassages } from '../pipeline/stages/compress-stage.js';
import { type ExpandSettings, expandPassages } from '../pipeline/stages/expand-stage.js';
import { reorderPassages } from '../pipeline/stages/reorder-stage.js';
import { documentsToPassages, passageToDocument } from './passage-documents.js';

/**
 * tune-rag's `context.expand` as a LangChain document transformer: each retrieved chunk widened
 * from its source document to its sentence window (`context.window`) or its parent block
 * (`parent.size`), by the expand stage's own function; a passage a better hit already returned is
 * dropped. `documents` are the source documents (metadata.id), as given to buildPipeline.
 */
export class TuneRagContextExpander extends BaseDocumentTransformer {
  override lc_namespace = ['tune-rag', 'transformers', 'expand'];
  private readonly sources = new Map<string, CorpusDoc>();

  private readonly config: ExpandSettings;

  constructor(options: { documents: readonly Document[]; config: ExpandSettings }) {
    super();
    this.config = options.config;
    for (const d of options.documents) {
      const id = String(d.metadata.id);
      const title = d.metadata.title as string | undefined;
      this.sources.set(id, { id, text: d.pageContent, ...(title !== undefined ? { title } : {}) });
    }
  }

  async transformDocuments(documents: Document[]): Promise<Document[]> {
    const passages = await expandPassages({
      passages: documentsToPassages(documents),
      documentOf: (id) => {
        const source = this.sources.get(id);
        if (!source) throw new RangeError(`context expansion: no source document "${id}"`);
        return source;
      },
      config: this.config,
    });
    return passages.map(passageToDocument);
  }
}

/**
 * tune-rag's `context.compress: sentences` as a LangChain document compressor: each passage cut
 * to the `compress.keep` fraction of its sentences most related to the query (the compress
 * stage's own function), in their original order.
 */
export class TuneRagSentenceCompressor extends BaseDocumentCompressor {
  constructor(private readonly options: { keep: number }) {
    super();
  }

  async compressDocuments(documents: Document[], query: string): Promise<Document[]> {
    const passages = documentsToPassages(documents);
    return compressPassages({ passages, question: query, keep: this.options.keep }).map(passageToDocument);
  }
}

/**
 * tune-rag's `context.order: ends` as a LangChain document transformer: LangChain's
 * LongContextReorder over the passages by rank (the reorder stage's own function). Ranks stay
 * in the metadata, so packing still keeps passages by rank.
 */
export class TuneRagLongContextReorder extends BaseDocumentTransformer {
  override lc_namespace = ['tune-rag', 'transformers', 'reorder'];

  async transformDocuments(documents: Document[]): Promise<Document[]> {
    return reorderPassages(documentsToPassages(documents)).map(passageToDocument);
  }
}
