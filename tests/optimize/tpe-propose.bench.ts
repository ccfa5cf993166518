/**
 * TPE proposal time on the default space with 200 finished trials (budget: 4 proposals < 100 ms).
 * Run by hand: npx vitest bench --run tests/optimize/tpe-propose.bench.ts
 */
import { bench, describe } from 'vitest';
import { createTpeProposer } from '../../src/optimize/proposers/tpe/tpe-proposer.js';
import { loadDefaultSpace, OBJECTIVES, randomHistory, WEIGHTS } from './fixtures.js';

const space = loadDefaultSpace();
const history = randomHistory({ space, count: 200, seed: 1 });
const proposer = createTpeProposer();
let seed = 0;

describe('tpe propose, default space, 200 finished trials', () => {
  bench('4 proposals', async () => {
    await proposer.propose({ space, history, n: 4, seed: seed++, objectives: OBJECTIVES, weights: WEIGHTS });
  });
});
