import { mulberry32 } from '../../stats/seeded-random.js';
import { seenConfigHashes } from './sampling/config-identity.js';
import type { Proposal, Proposer } from './proposer.js';
import { sampleUnique } from './sampling/sample-unique.js';

/** Options of {@link createRandomProposer}. */
export interface RandomProposerOptions {
  /** Consecutive duplicate draws tolerated before enumerating a finite space (default 64). */
  maxMisses?: number;
}

/**
 * Uniform random search: each proposal is drawn independently (log-uniform for log parameters),
 * rejecting configurations already in the history or the batch. A strong baseline for small
 * budgets and the start-up phase of model-based proposers.
 */
export function createRandomProposer(options: RandomProposerOptions = {}): Proposer {
  return {
    name: 'random',
    async propose({ space, history, n, seed }) {
      const configs = sampleUnique({
        space,
        n,
        random: mulberry32(seed),
        seen: seenConfigHashes(history),
        maxMisses: options.maxMisses,
      });
      return configs.map(
        (config): Proposal => ({
          config,
          rationale: `random: uniform sample over ${Object.keys(config).length} active parameters`,
        }),
      );
    },
  };
}
