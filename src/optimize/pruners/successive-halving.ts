import { rankWithNoise } from '../noise/rank-with-noise.js';
import type { QuestionValuesOf } from '../noise/verdict-matrix.js';
import type { Objective } from '../proposers/proposer.js';
import type { PruneDecision, Pruner, RungPeer } from './pruner.js';

/** Successive halving's verdict: the candidate's place among the rung's peers and how many go on. */
export interface PromotionDecision extends PruneDecision {
  /** 1-based position of the candidate among the peers at this rung. */
  rank: number;
  of: number;
  /** How many of the peers may go on (the top 1/eta). */
  slots: number;
}

/**
 * Asynchronous successive halving (ASHA): when a trial finishes a rung, it goes on to the next
 * rung only if it is in the top 1/eta of every trial that has finished that rung so far. All
 * peers were scored on the same nested question subset, so the comparison is paired: with
 * `questionValuesOf` (per-question values of the peers at this rung) every non-timing objective
 * is compared per question with a confidence interval.
 *
 * Several objectives: peers are ordered by noise-aware Pareto front, then by the user's weighted
 * score over reproducible values (timings by tie class), then by config hash (rankWithNoise), so
 * run-to-run noise never promotes or prunes a trial and a cold rerun with the same seed decides
 * the same. With fewer than eta peers there is not enough
 * evidence to stop anything, so the trial goes on.
 */
export function decidePromotion(options: {
  candidateId: number;
  peers: readonly RungPeer[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  eta: number;
  questionValuesOf?: QuestionValuesOf;
}): PromotionDecision {
  const { peers, objectives, eta } = options;
  const candidates = peers.map((p) => ({
    id: p.trialId,
    configHash: p.configHash ?? String(p.trialId).padStart(12, '0'),
    objectives: p.objectives,
    objectiveSe: p.objectiveSe ?? null,
    questions: p.questions ?? 0,
  }));
  const { order } = rankWithNoise({
    candidates,
    objectives,
    weights: options.weights,
    questionValuesOf: options.questionValuesOf,
  });
  const rank = order.findIndex((i) => peers[i].trialId === options.candidateId) + 1;
  const slots = Math.max(1, Math.floor(peers.length / eta));
  return { promote: peers.length < eta || rank <= slots, rank, of: peers.length, slots };
}

/**
 * The `successive-halving` pruner (the default): {@link decidePromotion} with the study's `eta`.
 * Every non-failed trial that finished the rung is a peer, complete, pruned or still running.
 */
export function successiveHalvingPruner(options: { eta: number }): Pruner {
  const { eta } = options;
  return {
    name: 'successive-halving',
    decide: (context) =>
      decidePromotion({
        candidateId: context.candidateId,
        peers: context.peers,
        objectives: context.objectives,
        weights: context.weights,
        eta,
        questionValuesOf: context.questionValuesOf,
      }),
  };
}
