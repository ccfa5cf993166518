import { mulberry32 } from '../../stats/seeded-random.js';
import { seenConfigHashes } from './sampling/config-identity.js';
import { discretiseParam } from './sampling/discretise-space.js';
import { createGrid } from './sampling/grid-enumeration.js';
import type { Proposal, Proposer } from './proposer.js';
import { sampleUnique } from './sampling/sample-unique.js';
import { unseenGridPoints } from './sampling/unseen-grid-points.js';

/** Options of {@link createGridProposer}. */
export interface GridProposerOptions {
  /** Levels per numeric parameter, endpoints included (default 3: low, middle, high). */
  levels?: number;
}

/**
 * Grid search over the discretised space (see discretiseParam), visiting only valid combinations
 * (conditional parameters expand where active) in a seeded shuffled order and skipping points
 * already in the history. A shuffled order makes any prefix of the grid a fair sample of it,
 * which matters because realistic grids are far larger than a budget. Once every grid point has
 * been tried it keeps honouring `n` with random samples, saying so in the rationale.
 */
export function createGridProposer(options: GridProposerOptions = {}): Proposer {
  const levels = options.levels ?? 3;
  return {
    name: 'grid',
    async propose({ space, history, n, seed }) {
      const grid = createGrid({ space, levels: (param) => discretiseParam(param, { levels }) });
      const random = mulberry32(seed);
      const seen = seenConfigHashes(history);
      const out: Proposal[] = [];
      const sizeText = grid.size.toLocaleString('en-US');
      for (const { index, config } of unseenGridPoints({ grid, n, random, seen })) {
        out.push({
          config,
          rationale: `grid: point ${index + 1} of ${sizeText} (${levels} levels per numeric parameter)`,
        });
      }
      if (out.length < n) {
        for (const config of sampleUnique({ space, n: n - out.length, random, seen })) {
          out.push({ config, rationale: `grid: all ${sizeText} grid points tried; random sample instead` });
        }
      }
      return out;
    },
  };
}
