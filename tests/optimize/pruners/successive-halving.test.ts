import { describe, expect, it } from 'vitest';
import type { Objective } from '../../../src/optimize/proposers/proposer.js';
import type { RungPeer } from '../../../src/optimize/pruners/pruner.js';
import { decidePromotion } from '../../../src/optimize/pruners/successive-halving.js';

const QUALITY: Objective[] = [{ name: 'quality', metric: 'f1', direction: 'max' }];
/** Exact figures (no standard error): every difference counts. */
const peer = (trialId: number, quality: number, configHash?: string): RungPeer => ({
  trialId,
  objectives: { quality },
  ...(configHash ? { configHash } : {}),
  questions: 20,
});
const decide = (
  candidateId: number,
  peers: RungPeer[],
  eta = 3,
  objectives = QUALITY,
  weights: Record<string, number> = { quality: 1 },
) => decidePromotion({ candidateId, peers, objectives, weights, eta });

describe('decidePromotion (successive halving)', () => {
  it('promotes everyone while fewer than eta trials finished the rung, reporting the rank all the same', () => {
    const peers = [peer(1, 0.9), peer(2, 0.1)];
    expect(decide(2, peers)).toEqual({ promote: true, rank: 2, of: 2, slots: 1 });
    expect(decide(2, peers, 2)).toEqual({ promote: false, rank: 2, of: 2, slots: 1 });
    expect(decide(1, [peer(1, 0.0)], 3)).toEqual({ promote: true, rank: 1, of: 1, slots: 1 });
  });

  it('promotes exactly the top floor(peers / eta) (at least one)', () => {
    const qualities = [0.5, 0.9, 0.1, 0.7, 0.3, 0.8, 0.2, 0.6, 0.4]; // trial i+1
    const peers = qualities.map((q, i) => peer(i + 1, q));
    const promotedWith = (eta: number, of = peers) =>
      of
        .filter((p) => decide(p.trialId, of, eta).promote)
        .map((p) => p.trialId)
        .sort((a, b) => a - b);
    expect(promotedWith(3)).toEqual([2, 4, 6]); // 9 / 3 = 3 slots: 0.9, 0.8, 0.7
    expect(promotedWith(2)).toEqual([2, 4, 6, 8]); // floor(9 / 2) = 4 slots
    expect(promotedWith(4)).toEqual([2, 6]); // floor(9 / 4) = 2
    expect(promotedWith(9)).toEqual([2]);
    expect(promotedWith(10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]); // fewer than eta: no evidence to stop anything
    expect(promotedWith(3, peers.slice(0, 5))).toEqual([2]); // floor(5 / 3) = 1
    expect(decide(4, peers, 3)).toEqual({ promote: true, rank: 3, of: 9, slots: 3 });
    expect(decide(8, peers, 3)).toEqual({ promote: false, rank: 4, of: 9, slots: 3 });
  });

  it('breaks exact ties by config hash, else by zero-padded trial id, whatever the input order', () => {
    const tied = [peer(1, 0.5, 'cc'), peer(2, 0.5, 'aa'), peer(3, 0.5, 'bb')];
    for (const order of [tied, [...tied].reverse()]) {
      expect(order.map((p) => decide(p.trialId, order).rank)).toEqual(
        order.map((p) => ({ 1: 3, 2: 1, 3: 2 })[p.trialId]),
      );
    }
    // Without hashes, trial 2 sorts before trial 10 (padded), not after it as text would.
    const byId = [peer(10, 0.5), peer(2, 0.5), peer(30, 0.5)];
    expect(byId.map((p) => decide(p.trialId, byId).promote)).toEqual([false, true, false]);
  });

  it('reads each objective in its direction: a lower cost wins', () => {
    const cost: Objective[] = [{ name: 'cost', metric: 'cost_usd_per_query', direction: 'min' }];
    const peers = [1, 2, 3].map((id) => ({
      trialId: id,
      objectives: { cost: [0.003, 0.001, 0.002][id - 1] },
      questions: 20,
    }));
    expect(peers.map((p) => decide(p.trialId, peers, 3, cost, { cost: 1 }))).toEqual([
      { promote: false, rank: 3, of: 3, slots: 1 },
      { promote: true, rank: 1, of: 3, slots: 1 },
      { promote: false, rank: 2, of: 3, slots: 1 },
    ]);
  });

  it('with two objectives ranks the Pareto front first, then by the weighted score', () => {
    const objectives: Objective[] = [QUALITY[0], { name: 'cost', metric: 'cost_usd_per_query', direction: 'min' }];
    const at = (trialId: number, quality: number, cost: number): RungPeer => ({
      trialId,
      objectives: { quality, cost },
      configHash: `h${trialId}`,
      questions: 20,
    });
    // #3 is dominated by #1 (worse on both); #1 and #2 are both on the front, and the weights pick.
    const peers = [at(1, 0.8, 0.002), at(2, 0.6, 0.001), at(3, 0.7, 0.003)];
    const ranks = (weights: Record<string, number>) =>
      peers.map((p) => decide(p.trialId, peers, 3, objectives, weights).rank);
    expect(ranks({ quality: 1, cost: 0.1 })).toEqual([1, 2, 3]);
    expect(ranks({ quality: 0.1, cost: 1 })).toEqual([2, 1, 3]);
  });
});
