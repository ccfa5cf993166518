import { describe, expect, it } from 'vitest';
import { computeStageKeys, type KeyInputs } from '../../src/pipeline/stage-keys.js';

const base: KeyInputs = {
  fingerprint: 'abc',
  config: {
    'chunk.strategy': 'recursive',
    'chunk.size': 256,
    'chunk.overlap': 0.1,
    retrieval: 'hybrid',
    embedder: 'hash-words',
    fusion: 'rrf',
    top_k: 5,
    reranker: 'local',
    'rerank.candidates': 20,
    generator: 'extractive-span',
    'context.max_tokens': 2048,
  },
  componentVersions: { embedder: '1', reranker: '1', generator: '1' },
  rerankCandidates: 20,
};
const keys = (change: Partial<KeyInputs> & { set?: Record<string, string | number> } = {}) =>
  computeStageKeys({ ...base, ...change, config: { ...base.config, ...change.set } });

describe('stage keys', () => {
  it('changing top_k or the generator changes only the generate key', () => {
    const a = keys();
    for (const b of [keys({ set: { top_k: 8 } }), keys({ set: { generator: 'extractive-sentence' } })]) {
      expect(b.chunk).toBe(a.chunk);
      expect(b.embed).toBe(a.embed);
      expect(b.denseIndex).toBe(a.denseIndex);
      expect(b.bm25Index).toBe(a.bm25Index);
      expect(b.perQuestion.retrieve).toBe(a.perQuestion.retrieve);
      expect(b.perQuestion.rerank).toBe(a.perQuestion.rerank);
      expect(b.perQuestion.generate).not.toBe(a.perQuestion.generate);
    }
  });

  it('changing the chunk size changes every key; the dataset fingerprint too', () => {
    const a = keys();
    for (const b of [keys({ set: { 'chunk.size': 512 } }), keys({ fingerprint: 'other' })]) {
      for (const stage of ['chunk', 'embed', 'denseIndex', 'bm25Index'] as const) expect(b[stage]).not.toBe(a[stage]);
      for (const stage of ['retrieve', 'rerank', 'generate'])
        expect(b.perQuestion[stage]).not.toBe(a.perQuestion[stage]);
    }
  });

  it('bumping a stage or component version invalidates that stage and everything after it', () => {
    const a = keys();
    const b = keys({ stageVersions: { retrieve: 'bumped' } });
    expect(b.chunk).toBe(a.chunk);
    expect(b.denseIndex).toBe(a.denseIndex);
    expect(b.perQuestion.retrieve).not.toBe(a.perQuestion.retrieve);
    expect(b.perQuestion.generate).not.toBe(a.perQuestion.generate);
    const c = keys({ componentVersions: { ...base.componentVersions, embedder: '2' } });
    expect(c.chunk).toBe(a.chunk);
    expect(c.bm25Index).toBe(a.bm25Index);
    expect(c.embed).not.toBe(a.embed);
  });

  it('BM25-only configurations have no embed or dense index stage', () => {
    const k = keys({ set: { retrieval: 'bm25' } });
    expect(k.embed).toBeNull();
    expect(k.denseIndex).toBeNull();
    expect(k.bm25Index).toBe(keys().bm25Index);
  });
});
