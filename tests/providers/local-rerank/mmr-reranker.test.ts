import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../../src/errors.js';
import { mmrReranker, termCosine } from '../../../src/providers/local/mmr-reranker.js';
import type { RerankCandidate } from '../../../src/providers/reranker.js';

const question = 'How are backups scheduled?';
const candidates: RerankCandidate[] = [
  { chunkIndex: 0, text: 'Backups are scheduled nightly at 02:00 and kept for 14 days.', score: 0.95 },
  { chunkIndex: 1, text: 'Backups are scheduled nightly at 02:00 and are kept for 14 days.', score: 0.93 },
  { chunkIndex: 2, text: 'Nightly backups are scheduled at 02:00; they are kept 14 days.', score: 0.9 },
  { chunkIndex: 3, text: 'Restore a snapshot from the console with one click.', score: 0.7 },
];

const order = async (params: Record<string, unknown>): Promise<number[]> =>
  (await mmrReranker.rerank({ question, candidates, params })).ranked.map((r) => r.chunkIndex);

describe('mmr reranker', () => {
  it('with lambda 1.0 keeps the first-stage relevance order', async () => {
    expect(await order({ lambda: 1 })).toEqual([0, 1, 2, 3]);
  });

  it('with lambda 0.5 puts the diverse candidate second, ahead of near-duplicates', async () => {
    expect(await order({ lambda: 0.5 })).toEqual([0, 3, 1, 2]);
  });

  it('defaults lambda to 0.7 and returns every candidate with descending scores', async () => {
    const { ranked, usage } = await mmrReranker.rerank({ question, candidates, params: {} });
    expect(ranked.map((r) => r.chunkIndex).sort()).toEqual([0, 1, 2, 3]);
    expect(ranked[0].chunkIndex).toBe(0);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThan(ranked[i].score);
    expect(usage.costUsd).toBe(0);
  });

  it('is deterministic', async () => {
    expect(await order({ lambda: 0.6 })).toEqual(await order({ lambda: 0.6 }));
  });

  it('can blend question-term coverage into relevance', async () => {
    const swapped = candidates.map((c) => (c.chunkIndex === 3 ? { ...c, score: 0.99 } : c));
    const { ranked } = await mmrReranker.rerank({
      question,
      candidates: swapped,
      params: { lambda: 1, coverage_weight: 0.8 },
    });
    expect(ranked[0].chunkIndex).not.toBe(3);
  });

  it('rejects an out-of-range lambda with a config error', async () => {
    await expect(mmrReranker.rerank({ question, candidates, params: { lambda: 1.5 } })).rejects.toBeInstanceOf(
      TuneRagError,
    );
    await expect(mmrReranker.rerank({ question, candidates, params: { lambda: 'high' } })).rejects.toThrow(/lambda/);
  });

  it('measures similarity as cosine of stemmed term frequencies', () => {
    expect(termCosine('Backups scheduled nightly', 'backup schedules nightly')).toBeCloseTo(1, 10);
    expect(termCosine('alpha beta', 'gamma delta')).toBe(0);
    expect(termCosine('', 'anything')).toBe(0);
  });
});
