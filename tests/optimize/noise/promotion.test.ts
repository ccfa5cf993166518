import { describe, expect, it } from 'vitest';
import type { RungPeer } from '../../../src/optimize/pruners/pruner.js';
import { decidePromotion } from '../../../src/optimize/pruners/successive-halving.js';
import type { Objective } from '../../../src/optimize/proposers/proposer.js';

const OBJECTIVES: Objective[] = [
  { name: 'quality', metric: 'f1', direction: 'max' },
  { name: 'latency', metric: 'latency_p95_ms', direction: 'min' },
];
const WEIGHTS = { quality: 0.5, latency: 0.5 };
const peer = (trialId: number, configHash: string, quality: number, latency: number, qualitySe = 0.05): RungPeer => ({
  trialId,
  configHash,
  objectives: { quality, latency },
  objectiveSe: { quality: qualitySe, latency: latency / 10 },
  questions: 20,
});
/** The trial that goes on when three peers compete for one slot (eta 3). */
const promoted = (peers: RungPeer[]) =>
  peers.find(
    (p) => decidePromotion({ candidateId: p.trialId, peers, objectives: OBJECTIVES, weights: WEIGHTS, eta: 3 }).promote,
  )?.trialId;

describe('decidePromotion under noise', () => {
  it('does not let latency noise decide: the same trial goes on whichever is measured faster', () => {
    // Quality 0.50 vs 0.52 (SE 0.05) is a tie, 10 vs 30 ms is a timing tie: quality orders them
    // (it repeats exactly for a seed), latency does not. Raw scores would promote #1 (fast).
    expect(promoted([peer(1, 'h1', 0.5, 10), peer(2, 'h2', 0.52, 30), peer(3, 'h3', 0.2, 5, 0.02)])).toBe(2);
    expect(promoted([peer(1, 'h1', 0.5, 30), peer(2, 'h2', 0.52, 10), peer(3, 'h3', 0.2, 5, 0.02)])).toBe(2);
  });

  it('breaks exact ties by config hash, never by age or input order', () => {
    for (const latencies of [
      [10, 30],
      [30, 10],
    ]) {
      const peers = [peer(1, 'zz', 0.5, latencies[0]), peer(2, 'aa', 0.5, latencies[1]), peer(3, 'mm', 0.2, 5, 0.02)];
      expect(promoted(peers)).toBe(2);
      expect(promoted([...peers].reverse())).toBe(2);
    }
    const decision = decidePromotion({
      candidateId: 1,
      peers: [peer(1, 'zz', 0.5, 10), peer(2, 'aa', 0.5, 30), peer(3, 'mm', 0.2, 5, 0.02)],
      objectives: OBJECTIVES,
      weights: WEIGHTS,
      eta: 3,
    });
    expect(decision).toEqual({ promote: false, rank: 2, of: 3, slots: 1 });
  });

  it('still acts on differences beyond the noise', () => {
    // 10 vs 500 ms is beyond the run-to-run floor (24×): the fast trial goes on at equal quality.
    expect(promoted([peer(1, 'zz', 0.5, 10), peer(2, 'aa', 0.5, 500), peer(3, 'mm', 0.2, 5, 0.02)])).toBe(1);
    // A significantly better quality goes on even when it is slow.
    expect(promoted([peer(1, 'zz', 0.5, 10, 0.01), peer(2, 'aa', 0.7, 50, 0.01), peer(3, 'mm', 0.2, 5, 0.02)])).toBe(2);
  });

  it('compares peers per question when their results are given', () => {
    // Quality 0.51 vs 0.50 with SE 0.1 is a tie unpaired, so #2, better on retrieval (exact
    // figures), dominates #1 and goes on. Per question #1 beats #2 by 0.01 on every question: a
    // real difference, so neither dominates and quality (the only weight) promotes #1.
    const objectives: Objective[] = [OBJECTIVES[0], { name: 'retrieval', metric: 'recall_at_k', direction: 'max' }];
    const at = (trialId: number, configHash: string, quality: number, retrieval: number): RungPeer => ({
      trialId,
      configHash,
      objectives: { quality, retrieval },
      objectiveSe: { quality: 0.1, retrieval: 0 },
      questions: 20,
    });
    const peers = [at(1, 'aa', 0.51, 0.8), at(2, 'zz', 0.5, 0.9), at(3, 'mm', 0.1, 0.1)];
    const shift = { 1: 0.01, 2: 0, 3: -0.3 } as Record<number, number>;
    const perQuestion = (id: number, metric: string) =>
      Array.from({ length: 20 }, (_, q) => ({
        questionId: `q${q}`,
        value: metric === 'f1' ? (q % 4) / 4 + 0.4 + shift[id] : peers[id - 1].objectives.retrieval,
      }));
    const decide = (candidateId: number, paired: boolean) =>
      decidePromotion({
        candidateId,
        peers,
        objectives,
        weights: { quality: 1 },
        eta: 3,
        ...(paired ? { questionValuesOf: (c, metric) => perQuestion(c.id, metric) } : {}),
      }).promote;
    expect([decide(1, false), decide(2, false)]).toEqual([false, true]);
    expect([decide(1, true), decide(2, true)]).toEqual([true, false]);
  });
});
