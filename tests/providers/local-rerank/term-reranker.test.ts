import { describe, expect, it } from 'vitest';
import type { RerankCandidate } from '../../../src/providers/reranker.js';
import { LOCAL_RERANKERS } from '../../../src/providers/local/local-rerankers.js';
import { TERM_RERANKER_WEIGHTS, termReranker, termRerankSignals } from '../../../src/providers/local/term-reranker.js';

const question = 'How do I rotate the signing key?';

const candidates: RerankCandidate[] = [
  {
    chunkIndex: 10,
    // Every question term, but scattered across unrelated statements: a bag-of-words retriever loves it.
    text:
      'Signing is done by the build server. Logs rotate nightly and old archives are removed after a week. ' +
      'Each deploy key is stored in the vault, and access is audited. Signing certificates expire yearly.',
    score: 12.5,
  },
  {
    chunkIndex: 11,
    text: 'To rotate the signing key, run the rotation job and restart the workers.',
    score: 7.1,
  },
  { chunkIndex: 12, text: 'The dashboard shows build status and recent deploys.', score: 6.0 },
  {
    chunkIndex: 13,
    text: 'Keys for the API are created in the settings page.',
    title: 'Signing key rotation',
    score: 5.5,
  },
];

describe('term reranker (local)', () => {
  it('ranks a chunk with the question terms together above one with scattered terms and a higher first-stage score', async () => {
    const { ranked } = await termReranker.rerank({ question, candidates, params: {} });
    expect(ranked[0].chunkIndex).toBe(11);
    expect(ranked.findIndex((r) => r.chunkIndex === 11)).toBeLessThan(ranked.findIndex((r) => r.chunkIndex === 10));
    // The chunk with no question terms in its text comes last.
    expect(ranked[ranked.length - 1].chunkIndex).toBe(12);
  });

  it('returns the same set of candidates, best first, with zero usage', async () => {
    const { ranked, usage } = await termReranker.rerank({ question, candidates, params: {} });
    expect(ranked.map((r) => r.chunkIndex).sort()).toEqual([10, 11, 12, 13]);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
    expect(usage).toEqual({ promptTokens: 0, completionTokens: 0, costUsd: 0 });
  });

  it('is deterministic', async () => {
    const first = await termReranker.rerank({ question, candidates, params: {} });
    const second = await termReranker.rerank({ question, candidates: candidates.map((c) => ({ ...c })), params: {} });
    expect(second).toEqual(first);
  });

  it('exposes signals in [0, 1] and weights summing to 1', () => {
    const total = Object.values(TERM_RERANKER_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    const signals = termRerankSignals({ question, candidates });
    for (const value of signals.flatMap((s) => Object.values(s))) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(signals[1].proximity).toBeGreaterThan(signals[0].proximity);
    expect(signals[1].phrase).toBe(1);
    expect(signals[3].title).toBeGreaterThan(0);
    expect(signals[0].prior).toBe(1);
  });

  it('keeps first-stage order among exact ties and handles empty input', async () => {
    const tied = [1, 2, 3].map((i) => ({ chunkIndex: i, text: 'identical text', score: 1 }));
    expect(
      (await termReranker.rerank({ question, candidates: tied, params: {} })).ranked.map((r) => r.chunkIndex),
    ).toEqual([1, 2, 3]);
    expect((await termReranker.rerank({ question, candidates: [], params: {} })).ranked).toEqual([]);
  });

  it('is registered with the mmr reranker', () => {
    expect(LOCAL_RERANKERS.map((r) => r.name)).toEqual(['local', 'mmr']);
    expect(termReranker.version).toBe('1');
  });
});
