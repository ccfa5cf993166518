import { createAutoProposer } from '../../src/optimize/proposers/auto/auto-proposer.js';
import { createGreedyProposer } from '../../src/optimize/proposers/greedy/greedy-proposer.js';
import { createGridProposer } from '../../src/optimize/proposers/grid-proposer.js';
import { createRandomProposer } from '../../src/optimize/proposers/random-proposer.js';
import { createTpeProposer } from '../../src/optimize/proposers/tpe/tpe-proposer.js';
import { runProposerContract } from './proposer-contract.js';

runProposerContract('random', { make: () => createRandomProposer(), seeded: true });
runProposerContract('grid', { make: () => createGridProposer(), seeded: false });
runProposerContract('tpe', { make: () => createTpeProposer(), seeded: true });
// A start-up of 2 makes the tiny-space cases exercise the model rather than its random phase.
runProposerContract('tpe (model active early)', { make: () => createTpeProposer({ nStartup: 2 }), seeded: true });
runProposerContract('greedy', { make: () => createGreedyProposer(), seeded: false });
runProposerContract('auto', { make: () => createAutoProposer(), seeded: true });
runProposerContract('auto (start and budget)', {
  make: () => createAutoProposer({ start: { 'chunk.size': 256, retrieval: 'bm25', top_k: 4 }, budget: 20 }),
  seeded: true,
});
