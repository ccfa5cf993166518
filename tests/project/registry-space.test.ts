import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { FakeEmbeddings, FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { createComponents } from '../../src/api/create-components.js';
import { TuneRagError } from '../../src/errors.js';
import { openWorkspace } from '../../src/workspace/workspace.js';

const components = () =>
  createComponents({
    langchain: {
      embedders: [{ name: 'fake-emb', embeddings: new FakeEmbeddings() }],
      generators: [
        {
          name: 'fake-chat',
          model: new FakeListChatModel({ responses: ['ok'] }),
          params: { style: { type: 'categorical', values: ['short', 'long'], default: 'short' } },
        },
      ],
      retrievers: [
        {
          name: 'my-bm25',
          params: { k: { type: 'int', low: 2, high: 9, default: 4 } },
          create: ({ documents, config }) => BM25Retriever.fromDocuments(documents, { k: Number(config.k) }),
        },
      ],
      vectorStores: [{ name: 'store', create: () => Promise.reject(new Error('unused')) }],
      judges: [{ name: 'lc-judge', model: new FakeListChatModel({ responses: ['{}'] }) }],
    },
  });

describe('LangChain.js components in the catalogue', () => {
  const workspace = openWorkspace({ cwd: process.cwd(), components: components() });
  const param = (name: string) => workspace.catalogue.parameters.find((p) => p.name === name);

  it('become values of their parameters, with their own parameters active only when chosen', () => {
    expect(param('retrieval')).toMatchObject({ values: ['dense', 'bm25', 'hybrid', 'my-bm25'] });
    expect(param('embedder')?.type === 'categorical' && param('embedder')?.values).toContain('fake-emb');
    expect(param('vector_store')).toMatchObject({
      values: ['builtin', 'store'],
      when: { retrieval: ['dense', 'hybrid'] },
    });
    expect(param('my_bm25.k')).toMatchObject({ type: 'int', low: 2, high: 9, when: { retrieval: ['my-bm25'] } });
    expect(param('fake_chat.style')).toMatchObject({ values: ['short', 'long'], when: { generator: ['fake-chat'] } });
  });

  it('a LangChain chat model takes prompts, not the per-call temperature it cannot apply', () => {
    expect(param('prompt')?.when?.generator).toContain('fake-chat');
    expect(param('temperature')?.when?.generator).not.toContain('fake-chat');
  });

  it('their parameters have defaults, and the baseline keeps the built-in vector store', () => {
    expect(workspace.defaults).toMatchObject({ 'my_bm25.k': 4, 'fake_chat.style': 'short', vector_store: 'builtin' });
    expect(workspace.baseline.vector_store).toBe('builtin');
  });

  it('judges are registered by name', () => {
    expect(workspace.components.judge('lc-judge')).toBeDefined();
  });

  it('a retriever may not take a built-in retrieval name', () => {
    expect(() =>
      createComponents({
        langchain: { retrievers: [{ name: 'bm25', create: () => BM25Retriever.fromDocuments([], { k: 1 }) }] },
      }),
    ).toThrow(TuneRagError);
  });

  it('a spend cap refuses a chat model without a price instead of leaving it uncapped', () => {
    const capped = (priceModel?: string) =>
      createComponents({
        langchainCalls: { maxCostUsd: 1 },
        langchain: {
          generators: [{ name: 'fake-chat', model: new FakeListChatModel({ responses: ['ok'] }), priceModel }],
        },
      });
    expect(capped).toThrow('maxCost needs the price of LangChain.js model "fake-chat" (its model name is unknown)');
    expect(() => capped('gpt-4o-mini')).not.toThrow();
  });

  it('the default catalogue is unchanged without registered components', () => {
    const plain = openWorkspace({ cwd: process.cwd() });
    expect(plain.catalogue.parameters.some((p) => p.name === 'vector_store')).toBe(false);
    expect(plain.defaults.vector_store).toBeUndefined();
  });
});
