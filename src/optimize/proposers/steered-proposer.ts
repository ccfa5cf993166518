import { mulberry32 } from '../../stats/seeded-random.js';
import { seenConfigHashes, configIdentity } from './sampling/config-identity.js';
import type { Proposal, Proposer } from './proposer.js';
import { sampleUnique } from './sampling/sample-unique.js';
import type { SearchSpace } from '../../space/parameter-schema.js';
import { steerSpace, steeringViolations } from '../steering/steered-space.js';
import { restrictsSpace, type SteeringState } from '../steering/steering-state.js';

/**
 * Makes any proposer honour the steering from its next proposal on.
 *
 * The inner proposer is asked with the steered space (pins as single values, exclusions removed,
 * ranges narrowed) and the steered weights, so model-based proposers aim at what the user now
 * wants. Proposers that start from an incumbent (greedy, trust regions) can still carry an old
 * value into a proposal, so every proposal is checked against the state *as it is when the
 * proposals come back* (a message may arrive while an LLM is thinking) and dropped if it breaks a
 * rule; the batch is then topped up with seeded random draws inside the steered space (labelled
 * `<inner>→random`). The result
 * is that no pinned-away, excluded or out-of-range value is ever enqueued.
 */
export function createSteeredProposer(options: { inner: Proposer; state: () => SteeringState }): Proposer {
  const { inner } = options;
  return {
    name: inner.name,
    async propose(request) {
      const before = options.state();
      const proposals = await inner.propose({
        ...request,
        space: steerSpace(request.space, before),
        weights: before.weights,
      });
      const state = options.state();
      if (!restrictsSpace(state)) return proposals;
      const seen = seenConfigHashes(request.history);
      const kept: Proposal[] = [];
      let dropped = 0;
      for (const proposal of proposals) {
        const id = configIdentity(proposal.config);
        if (seen.has(id) || steeringViolations({ config: proposal.config, space: request.space, state }).length > 0) {
          dropped += 1;
          continue;
        }
        seen.add(id);
        kept.push(proposal);
      }
      if (kept.length >= request.n || dropped === 0) return kept;
      return [
        ...kept,
        ...fillWithinSteering({
          space: request.space,
          state,
          n: request.n - kept.length,
          seed: request.seed,
          seen,
          inner: inner.name,
        }),
      ];
    },
  };
}

function fillWithinSteering(options: {
  space: SearchSpace;
  state: SteeringState;
  n: number;
  seed: number;
  seen: Set<string>;
  inner: string;
}): Proposal[] {
  const space = steerSpace(options.space, options.state);
  const configs = sampleUnique({ space, n: options.n, random: mulberry32(options.seed ^ 0x5eed), seen: options.seen });
  // Labelled as what made it: these are random draws standing in for the inner proposer's.
  return configs.map((config) => ({
    config,
    rationale: `random draw within your steering (the ${options.inner} proposal broke a pin or exclusion made meanwhile)`,
    proposer: `${options.inner}→random`,
  }));
}
