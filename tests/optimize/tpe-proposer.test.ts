import { describe, expect, it } from 'vitest';
import { createRandomProposer } from '../../src/optimize/proposers/random-proposer.js';
import { createTpeProposer } from '../../src/optimize/proposers/tpe/tpe-proposer.js';
import { splitTrials } from '../../src/optimize/proposers/tpe/tpe-split.js';
import { makeTrial, TOY_SPACE, toyObjective } from './fixtures.js';
import { runLoop } from './run-loop.js';

const QUALITY = [{ name: 'quality', metric: 'f1', direction: 'max' as const }];

describe('tpe proposer', () => {
  it('beats random search on a toy objective, on average over 10 seeds (best after 40 trials)', async () => {
    const bestAfter = async (make: () => ReturnType<typeof createTpeProposer>, seed: number) => {
      const history = await runLoop({
        proposer: make(),
        space: TOY_SPACE,
        trials: 40,
        seed,
        objectives: QUALITY,
        weights: {},
        evaluate: toyObjective,
      });
      return Math.max(...history.map((t) => t.objectives?.quality ?? -Infinity));
    };
    let tpe = 0;
    let random = 0;
    for (let seed = 0; seed < 10; seed++) {
      tpe += await bestAfter(() => createTpeProposer(), seed);
      random += await bestAfter(() => createRandomProposer(), seed);
    }
    expect(tpe / 10).toBeGreaterThan(random / 10);
  });

  it('ranks pruned trials below complete ones and keeps at least one good trial', () => {
    const config = (width: number) => ({ model: 'small', mode: 'c', width, depth: 2 });
    const history = [
      makeTrial({ number: 0, config: config(1), objectives: { quality: 0.2 } }),
      makeTrial({ number: 1, config: config(2), state: 'pruned', objectives: { quality: 0.9 } }),
      makeTrial({ number: 2, config: config(3), objectives: { quality: 0.5 } }),
      makeTrial({ number: 3, config: config(4), state: 'failed' }),
    ];
    const split = splitTrials({ history, objectives: QUALITY, weights: {}, gamma: 0.25, maxGood: 25 });
    expect(split.ranked.map((t) => t.number)).toEqual([2, 0, 1]);
    expect(split.good.map((t) => t.number)).toEqual([2]);
  });

  it('explains proposals with l/g and the parameters that lean to the good group', async () => {
    const history = await runLoop({
      proposer: createRandomProposer(),
      space: TOY_SPACE,
      trials: 20,
      seed: 5,
      objectives: QUALITY,
      weights: {},
      evaluate: toyObjective,
    });
    const [proposal] = await createTpeProposer().propose({
      space: TOY_SPACE,
      history,
      n: 1,
      seed: 1,
      objectives: QUALITY,
      weights: {},
    });
    expect(proposal.rationale).toMatch(
      /^tpe: log l\/g = -?\d+\.\d\d, best of 24 draws \(5 good vs 15 other trials\); /,
    );
  });
});
