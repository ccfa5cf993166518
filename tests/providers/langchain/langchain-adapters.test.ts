import { Document, type DocumentInterface } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import { BaseRetriever } from '@langchain/core/retrievers';
import { FakeEmbeddings, FakeListChatModel, SyntheticEmbeddings } from '@langchain/core/utils/testing';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { describe, expect, it } from 'vitest';
import { ComponentCalls } from '../../../src/llm/component-calls.js';
import { LlmError } from '../../../src/llm/llm-error.js';
import { estimateTokens } from '../../../src/llm/usage-ledger.js';
import { LlmJudge } from '../../../src/providers/judges/llm-judge.js';
import { LangchainChatClient } from '../../../src/providers/langchain/langchain-chat-client.js';
import { LangchainEmbedderFactory } from '../../../src/providers/langchain/langchain-embedder.js';
import { LangchainGenerator } from '../../../src/providers/langchain/langchain-generator.js';
import { LangchainReranker } from '../../../src/providers/langchain/langchain-reranker.js';
import { LangchainRetriever } from '../../../src/providers/langchain/langchain-retriever.js';
import { LangchainVectorStore } from '../../../src/providers/langchain/langchain-vector-store.js';
import { EmbedderEmbeddings } from '../../../src/providers/langchain/embedder-embeddings.js';

const fastCalls = () => new ComponentCalls({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });

describe('LangchainEmbedderFactory', () => {
  it('unit-normalises the vectors of any Embeddings, documents in batches and queries one by one', async () => {
    const calls = fastCalls();
    const factory = new LangchainEmbedderFactory({
      name: 'fake',
      embeddings: new FakeEmbeddings(),
      calls,
      batchSize: 2,
    });
    const embedder = await factory.create({ corpus: [] });
    const { vectors } = await embedder.embed(['a', 'b', 'c'], 'document');
    // FakeEmbeddings returns [0.1, 0.2, 0.3, 0.4] for every text: norm sqrt(0.3).
    const scale = 1 / Math.sqrt(0.3);
    expect(vectors).toHaveLength(3);
    for (const v of vectors)
      expect([...v].map((x) => Number(x.toFixed(6)))).toEqual(
        [0.1, 0.2, 0.3, 0.4].map((x) => Number((x * scale).toFixed(6))),
      );
    expect(embedder.dimensions).toBe(4);
    await embedder.embed(['q'], 'query');
    // Two document batches (2 + 1 texts) and one query: three calls through ComponentCalls.
    expect(calls.stats()).toMatchObject({ calls: 3, failures: 0 });
  });

  it('builds the Embeddings from its settings, once per distinct settings', async () => {
    const made: number[] = [];
    const factory = new LangchainEmbedderFactory({
      name: 'synthetic',
      calls: fastCalls(),
      embeddings: (settings) => {
        made.push(Number(settings.size));
        return new SyntheticEmbeddings({ vectorSize: Number(settings.size) });
      },
    });
    const six = await factory.create({ corpus: [], settings: { size: 6 } });
    await factory.create({ corpus: [], settings: { size: 6 } });
    const three = await factory.create({ corpus: [], settings: { size: 3 } });
    expect((await six.embed(['x'], 'document')).vectors[0]).toHaveLength(6);
    expect((await three.embed(['x'], 'document')).vectors[0]).toHaveLength(3);
    expect(made).toEqual([6, 3]);
  });

  it('a failing Embeddings is a counted failed call, its error an LlmError', async () => {
    const calls = fastCalls();
    const broken = new FakeEmbeddings();
    broken.embedDocuments = async () => {
      throw new Error('model file missing');
    };
    const embedder = await new LangchainEmbedderFactory({ name: 'broken', embeddings: broken, calls }).create({
      corpus: [],
    });
    const error = await embedder.embed(['a'], 'document').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toBe('langchain:broken: failed: model file missing');
    // A component's own error is not retried (a retry repeats it), but counted.
    expect(calls.stats()).toMatchObject({ calls: 1, failures: 1, retries: 0 });
  });
});

describe('LangchainGenerator and the judge over a BaseChatModel', () => {
  it('answers with the prompt template and counts estimated usage when the model reports none', async () => {
    const model = new FakeListChatModel({ responses: ['Passage: 1\nAnswer: port 8080'] });
    const generator = new LangchainGenerator({ name: 'fake-chat', model, calls: fastCalls() });
    const result = await generator.generate({
      question: 'Which port?',
      contexts: [{ text: 'The server listens on port 8080.', docId: 'd1' }],
      params: {},
    });
    expect(result.answer).toBe('port 8080');
    expect(result.raw).toBe('Passage: 1\nAnswer: port 8080');
    expect(result.usage.completionTokens).toBe(estimateTokens('Passage: 1\nAnswer: port 8080'));
    // FakeListChatModel has no model name in the price table: cost unknown, never 0.
    expect(result.usage.costUsd).toBeNull();
    expect(generator.local).toBe(false);
    expect(generator.takesTemperature).toBe(false);
  });

  it('judges through the same chat client: the verdict schema goes into the prompt', async () => {
    const model = new FakeListChatModel({ responses: ['{"reason":"same port","verdict":"correct"}'] });
    const client = new LangchainChatClient({ name: 'judge', identity: 'judge', model, calls: fastCalls() });
    const judge = new LlmJudge({ client });
    const judgement = await judge.judge({
      item: { id: 'q1', question: 'Which port?', answers: ['8080'] } as never,
      outcome: { answer: 'port 8080', context: 'The server listens on port 8080.' } as never,
    });
    expect(judgement.correctness).toBe(1);
    expect(judgement.faithfulness).toBe(1);
    expect(judgement.errors).toEqual([]);
  });
});

/** Reverses the candidates and scores them, as a cross-encoder compressor would. */
class ReversingCompressor extends BaseDocumentCompressor {
  async compressDocuments(documents: DocumentInterface[]): Promise<DocumentInterface[]> {
    return [...documents]
      .reverse()
      .slice(0, 2)
      .map(
        (d, i) =>
          new Document({ pageContent: d.pageContent, metadata: { ...d.metadata, relevanceScore: 0.9 - i / 10 } }),
      );
  }
}

describe('LangchainReranker', () => {
  it("takes the compressor's order and relevance scores; dropped candidates are dropped", async () => {
    const reranker = new LangchainReranker({
      name: 'reverse',
      compressor: new ReversingCompressor(),
      calls: fastCalls(),
    });
    const { ranked } = await reranker.rerank({
      question: 'q',
      candidates: [
        { chunkIndex: 7, text: 'seven', score: 3 },
        { chunkIndex: 2, text: 'two', score: 2 },
        { chunkIndex: 5, text: 'five', score: 1 },
      ],
      params: {},
    });
    expect(ranked).toEqual([
      { chunkIndex: 5, score: 0.9 },
      { chunkIndex: 2, score: 0.8 },
    ]);
  });
});

/** Returns fixed documents, one of them rebuilt without metadata (as some retrievers do). */
class FixedRetriever extends BaseRetriever {
  lc_namespace = ['tests'];
  constructor(private readonly docs: DocumentInterface[]) {
    super({});
  }
  async _getRelevantDocuments(): Promise<DocumentInterface[]> {
    return this.docs;
  }
}

describe('LangchainRetriever', () => {
  const calls = fastCalls();
  const retriever = new LangchainRetriever({ name: 'fixed', calls, create: () => new FixedRetriever([]) });
  const byText = new Map([
    ['alpha', 0],
    ['beta', 1],
    ['gamma', 2],
  ]);

  it('maps documents back to chunks by metadata or text, scored by rank, duplicates once', async () => {
    const docs = [
      new Document({ pageContent: 'gamma', metadata: { chunkIndex: 2 } }),
      new Document({ pageContent: 'alpha' }),
      new Document({ pageContent: 'gamma', metadata: { chunkIndex: 2 } }),
    ];
    const { ranked } = await retriever.retrieve({ retriever: new FixedRetriever(docs), query: 'q', depth: 50, byText });
    expect(ranked).toEqual([
      { chunkIndex: 2, score: 1 },
      { chunkIndex: 0, score: 0.5 },
    ]);
  });

  it('a document that is no chunk fails the question with a message saying so', async () => {
    const docs = [new Document({ pageContent: 'a summary the retriever wrote' })];
    const error = await retriever
      .retrieve({ retriever: new FixedRetriever(docs), query: 'q', depth: 50, byText })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).code).toBe('invalid_output');
    expect((error as LlmError).message).toContain('langchain:fixed: returned a document that is not a chunk');
  });
});

describe('LangchainVectorStore', () => {
  it('loads HNSWLib with the given vectors and returns cosine-scored neighbours, nearest first', async () => {
    const calls = fastCalls();
    const vectors = [
      Float32Array.from([1, 0, 0]),
      Float32Array.from([0, 1, 0]),
      Float32Array.from([Math.SQRT1_2, Math.SQRT1_2, 0]),
    ];
    const embedder = await new LangchainEmbedderFactory({
      name: 'fake',
      embeddings: new FakeEmbeddings(),
      calls,
    }).create({ corpus: [] });
    const component = new LangchainVectorStore({
      name: 'hnswlib',
      calls,
      create: ({ embeddings, dimensions }) => new HNSWLib(embeddings, { space: 'ip', numDimensions: dimensions }),
    });
    const store = await component.build({
      vectors,
      chunks: ['x', 'y', 'xy'].map((text) => ({ text, docId: text })),
      embeddings: new EmbedderEmbeddings(embedder),
      dimensions: 3,
      settings: {},
    });
    const ranked = await component.search({ store, query: Float32Array.from([1, 0, 0]), depth: 50, vectors });
    expect(ranked.map((r) => r.chunkIndex)).toEqual([0, 2, 1]);
    expect(ranked.map((r) => Number(r.score.toFixed(6)))).toEqual([1, Number(Math.SQRT1_2.toFixed(6)), 0]);
  });
});
