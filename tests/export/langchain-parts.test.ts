import { Embeddings } from '@langchain/core/embeddings';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import { BaseRetriever } from '@langchain/core/retrievers';
import { Runnable } from '@langchain/core/runnables';
import { VectorStore } from '@langchain/core/vectorstores';
import { TextSplitter } from '@langchain/textsplitters';
import { describe, expect, it } from 'vitest';
import { chunkCorpus } from '../../src/chunking/chunk-document.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import {
  datasetDocuments,
  documentToChunk,
  TuneRagBm25Retriever,
  TuneRagEmbeddings,
  TuneRagFusionRetriever,
  TuneRagGenerator,
  TuneRagReranker,
  TuneRagTextSplitter,
  TuneRagVectorStore,
} from '../../src/langchain-export/index.js';

/** The parts of `tune-rag/langchain` are LangChain's interfaces and cut the corpus as tune-rag does. */
describe('tune-rag/langchain parts', () => {
  it('splits the demo into the chunk stage chunks, and each part is the LangChain type it stands for', async () => {
    const dataset = await loadDataset({ spec: 'demo', cwd: process.cwd() });
    const splitter = new TuneRagTextSplitter({ strategy: 'recursive', chunkSize: 128, overlap: 0.2 });
    const documents = await splitter.splitDocuments(datasetDocuments(dataset));
    const expected = await chunkCorpus({ docs: dataset.docs, strategy: 'recursive', size: 128, overlap: 0.2 });
    expect(documents.map(documentToChunk)).toEqual(expected);
    expect(await splitter.splitText(dataset.docs[0].text)).toEqual(
      expected.filter((c) => c.docId === dataset.docs[0].id).map((c) => c.text),
    );
    const embeddings = await TuneRagEmbeddings.fit({ embedder: 'hash-words', documents });
    const store = await TuneRagVectorStore.fromDocuments(documents, embeddings);
    const dense = store.asRetriever({ k: 5 });
    const bm25 = TuneRagBm25Retriever.fromDocuments(documents, { k: 5 });
    const fusion = new TuneRagFusionRetriever({ dense, sparse: bm25, fusion: 'rrf', k: 5 });
    expect(splitter).toBeInstanceOf(TextSplitter);
    expect(embeddings).toBeInstanceOf(Embeddings);
    expect(store).toBeInstanceOf(VectorStore);
    expect(bm25).toBeInstanceOf(BaseRetriever);
    expect(fusion).toBeInstanceOf(BaseRetriever);
    expect(new TuneRagReranker({ reranker: 'local', candidates: 5 })).toBeInstanceOf(BaseDocumentCompressor);
    expect(new TuneRagGenerator({ generator: 'extractive-span' })).toBeInstanceOf(Runnable);
    const hits = await fusion.invoke(dataset.questions[0].question);
    expect(hits).toHaveLength(5);
    // Reciprocal rank fusion of two lists: the best a chunk can score is 2 / 61 (first in both).
    for (const hit of hits) expect(hit.metadata.score).toBeLessThanOrEqual(2 / 61);
  });

  it('refuses weighted fusion without a weight in [0, 1]', () => {
    const bm25 = TuneRagBm25Retriever.fromDocuments([], { k: 5 });
    expect(() => new TuneRagFusionRetriever({ dense: bm25, sparse: bm25, fusion: 'weighted', k: 5 })).toThrow(
      'weighted fusion needs "fusion.weight" in [0, 1], got undefined',
    );
  });
});
