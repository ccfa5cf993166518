import { nonDominatedSort } from '../pareto/non-dominated-sort.js';
import { objectivePoints } from '../pareto/pareto-front.js';
import { scalariseObjectives } from '../proposers/objective-score.js';
import type { Objective } from '../proposers/proposer.js';
import type { ObjectiveValues } from '../trial.js';

export interface RungPeer {
  trialId: number;
  objectives: ObjectiveValues;
}

export interface PromotionDecision {
  promote: boolean;
  /** 1-based position of the candidate among the peers at this rung. */
  rank: number;
  of: number;
  /** How many of the peers may go on (the top 1/eta). */
  slots: number;
}

/**
 * Asynchronous successive halving (ASHA): when a trial finishes a rung, it goes on to the next
 * rung only if it is in the top 1/eta of every trial that has finished that rung so far. All
 * peers were scored on the same nested question subset, so the comparison is paired.
 *
 * Several objectives: peers are ordered by Pareto front (non-dominated sorting), then by the
 * user's weighted, normalised score within a front, then by age. With fewer than eta peers there
 * is not enough evidence to stop anything, so the trial goes on.
 */
export function decidePromotion(options: { candidateId: number; peers: readonly RungPeer[]; objectives: readonly Objective[]; weights: Readonly<Record<string, number>>; eta: number }): PromotionDecision {
  const { peers, objectives, eta } = options;
  const fronts = nonDominatedSort({ points: objectivePoints({ items: peers, objectives }), directions: objectives.map((o) => o.direction) });
  const frontOf = new Map<number, number>();
  fronts.forEach((front, f) => front.forEach((i) => frontOf.set(i, f)));
  const scores = scalariseObjectives({ rows: peers.map((p) => p.objectives), objectives, weights: options.weights });
  const order = peers
    .map((peer, i) => ({ peer, front: frontOf.get(i) ?? fronts.length, score: scores[i] }))
    .sort((a, b) => a.front - b.front || b.score - a.score || a.peer.trialId - b.peer.trialId);
  const rank = order.findIndex((entry) => entry.peer.trialId === options.candidateId) + 1;
  const slots = Math.max(1, Math.floor(peers.length / eta));
  return { promote: peers.length < eta || rank <= slots, rank, of: peers.length, slots };
}
