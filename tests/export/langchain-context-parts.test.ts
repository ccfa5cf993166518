import { BaseDocumentTransformer, Document } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import { BaseRetriever } from '@langchain/core/retrievers';
import { describe, expect, it } from 'vitest';
import {
  chunkToDocument,
  packContextDocuments,
  TuneRagBm25Retriever,
  TuneRagContextExpander,
  TuneRagLongContextReorder,
  TuneRagRm3Retriever,
  TuneRagSentenceCompressor,
} from '../../src/langchain-export/index.js';
import { countTokens } from '../../src/text/token-counter.js';

const PAIRS = [
  'Alpha one. Alpha two.',
  'Beta one. Beta two.',
  'Gamma one. Gamma two.',
  'Delta one. Delta two.',
  'Omega.',
];
const TEXT = PAIRS.join(' ');
const SOURCE = new Document({ pageContent: TEXT, metadata: { id: 'd' } });
/** Five hits of one document, each a pair of sentences, best first (chunk i is the hit of rank i). */
const hits = PAIRS.map((text, index) => {
  const start = TEXT.indexOf(text);
  return chunkToDocument({ index, docId: 'd', start, end: start + text.length, text });
});

describe('tune-rag/langchain context parts', () => {
  it('are LangChain transformers, compressors and retrievers', () => {
    expect(new TuneRagContextExpander({ documents: [SOURCE], config: {} })).toBeInstanceOf(BaseDocumentTransformer);
    expect(new TuneRagLongContextReorder()).toBeInstanceOf(BaseDocumentTransformer);
    expect(new TuneRagSentenceCompressor({ keep: 0.5 })).toBeInstanceOf(BaseDocumentCompressor);
    const bm25 = TuneRagBm25Retriever.fromDocuments(hits, { k: 5 });
    expect(new TuneRagRm3Retriever({ retriever: bm25, terms: 2, docs: 1, weight: 0.5, k: 5 })).toBeInstanceOf(
      BaseRetriever,
    );
  });

  it('reorder to the ends, and packing still keeps the best-ranked passages', async () => {
    const reordered = await new TuneRagLongContextReorder().transformDocuments(hits);
    expect(reordered.map((d) => d.metadata.rank)).toEqual([0, 2, 4, 3, 1]);
    // A budget for two passages: ranks 0 and 1, shown in the reordered order (rank 1 last).
    const maxTokens = countTokens(PAIRS[0]) + countTokens(PAIRS[1]);
    const packed = packContextDocuments({ documents: reordered, maxTokens });
    expect(packed.map((d) => d.pageContent)).toEqual(['Alpha one. Alpha two.', 'Beta one. Beta two.']);
  });

  it('widen a hit to its sentence window and cut it to its sentences most related to the query', async () => {
    const expander = new TuneRagContextExpander({
      documents: [SOURCE],
      config: { 'context.expand': 'window', 'context.window': 1 },
    });
    const [widened] = await expander.transformDocuments([hits[2]]);
    expect(widened.pageContent).toBe('Beta two. Gamma one. Gamma two. Delta one.');
    const start = TEXT.indexOf('Beta two.');
    const end = TEXT.indexOf('Delta one.') + 'Delta one.'.length;
    expect(widened.metadata).toMatchObject({ chunkIndex: 2, docId: 'd', start, end, rank: 0 });
    const [kept] = await new TuneRagSentenceCompressor({ keep: 0.25 }).compressDocuments([widened], 'delta?');
    expect(kept.pageContent).toBe('Delta one.');
    expect(kept.metadata).toMatchObject({ start: end - 'Delta one.'.length, end });
  });
});
