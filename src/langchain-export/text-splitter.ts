import type { Document } from '@langchain/core/documents';
import { TextSplitter } from '@langchain/textsplitters';
import { chunkDocument } from '../chunking/chunk-document.js';
import { validateChunking, type ChunkingStrategy } from '../chunking/chunker.js';
import { chunkToDocument, type ChunkMetadata } from './chunk-document-view.js';

/** Options of {@link TuneRagTextSplitter}: tune-rag's `chunk.*` parameters. */
export interface TuneRagTextSplitterOptions {
  strategy: ChunkingStrategy;
  /** `chunk.size`: most cl100k tokens per chunk. */
  chunkSize: number;
  /** `chunk.overlap`: fraction of chunkSize shared by consecutive chunks (fixed_tokens, recursive). */
  overlap?: number;
}

/**
 * A LangChain TextSplitter over tune-rag's chunkers (src/chunking), so an exported pipeline cuts
 * documents exactly as the tuned one did. `splitDocuments` keeps what relevance is judged by:
 * each chunk's source id (`metadata.id` of the input, else its position), offsets and title, and
 * its index in the whole list (the order of the input documents, as tune-rag's chunk stage).
 */
export class TuneRagTextSplitter extends TextSplitter {
  readonly strategy: ChunkingStrategy;
  readonly overlap: number;

  constructor(options: TuneRagTextSplitterOptions) {
    const overlap = options.overlap ?? 0;
    validateChunking({ strategy: options.strategy, size: options.chunkSize, overlap });
    // LangChain's own fields, for code that reads them; our chunkers count tokens themselves.
    super({ chunkSize: options.chunkSize, chunkOverlap: Math.floor(options.chunkSize * overlap) });
    this.strategy = options.strategy;
    this.overlap = overlap;
  }

  async splitText(text: string): Promise<string[]> {
    const chunks = await chunkDocument({ doc: { id: 'text', text }, ...this.chunking() });
    return chunks.map((c) => c.text);
  }

  override async splitDocuments(documents: Document[]): Promise<Document<ChunkMetadata>[]> {
    const out: Document<ChunkMetadata>[] = [];
    for (const [position, document] of documents.entries()) {
      const meta = document.metadata as { id?: unknown; title?: unknown };
      const doc = {
        id: typeof meta.id === 'string' ? meta.id : (document.id ?? String(position)),
        text: document.pageContent,
        ...(typeof meta.title === 'string' ? { title: meta.title } : {}),
      };
      for (const chunk of await chunkDocument({ doc, ...this.chunking() }))
        out.push(chunkToDocument({ ...chunk, index: out.length }));
    }
    return out;
  }

  private chunking() {
    return { strategy: this.strategy, size: this.chunkSize, overlap: this.overlap };
  }
}
