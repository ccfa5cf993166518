import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAutoProposer } from '../../src/optimize/proposers/auto/auto-proposer.js';
import { createRandomProposer } from '../../src/optimize/proposers/random-proposer.js';
import { NEUTRAL_VALUES } from '../../src/space/neutral-values.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { loadDefaultSpace, OBJECTIVES, TOY_SPACE, toyObjective, WEIGHTS } from './fixtures.js';
import { runLoop } from './run-loop.js';

const space = loadDefaultSpace();
const baseline = JSON.parse(readFileSync(join(__dirname, '../../pipelines/baseline.json'), 'utf8')) as Config;
const QUALITY = [{ name: 'quality', metric: 'f1', direction: 'max' as const }];

/**
 * Every value of every free categorical parameter of `configs`' space that none of them uses,
 * except the query and context knobs: the warm start holds them off (auto-knob-stage.test.ts).
 */
function uncoveredValues(configs: readonly Config[]): string[] {
  const missing: string[] = [];
  for (const param of space.parameters) {
    if (param.type !== 'categorical' || param.values.length < 2 || param.name in NEUTRAL_VALUES) continue;
    for (const value of param.values)
      if (!configs.some((c) => c[param.name] === value)) missing.push(`${param.name}=${value}`);
  }
  return missing;
}

describe('auto proposer', () => {
  // k = 4: the baseline plus three covering configurations (chunk.strategy alone has four values).
  const K = 4;

  it(`covers every categorical value of the default space within its first ${K} proposals, starting at the start configuration`, async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const history = await runLoop({
        proposer: createAutoProposer({ start: baseline, budget: 20 }),
        space,
        trials: K,
        seed,
        objectives: OBJECTIVES,
        weights: WEIGHTS,
        evaluate: toyObjective,
      });
      expect(history[0].config).toMatchObject(baseline);
      expect(history[0].rationale).toBe('auto/warm-start: the given start configuration');
      expect(history.every((t) => t.rationale.startsWith('auto/warm-start: '))).toBe(true);
      expect(uncoveredValues(history.map((t) => t.config))).toEqual([]);
    }
  });

  it('covers the same values when asked for the whole warm start in one batch', async () => {
    const batch = await createAutoProposer({ start: baseline }).propose({
      space,
      history: [],
      n: K,
      seed: 9,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
    });
    expect(uncoveredValues(batch.map((p) => p.config))).toEqual([]);
  });

  it('is deterministic for a seed, and names the phase of every proposal', async () => {
    const run = () =>
      runLoop({
        proposer: createAutoProposer({ start: baseline, budget: 14 }),
        space,
        trials: 14,
        seed: 4,
        objectives: OBJECTIVES,
        weights: WEIGHTS,
        evaluate: toyObjective,
      });
    const a = await run();
    const b = await run();
    expect(b.map((t) => [t.config, t.rationale])).toEqual(a.map((t) => [t.config, t.rationale]));
    for (const trial of a)
      expect(trial.rationale).toMatch(/^auto\/(warm-start|knob|local|tpe|explore|model|exploit): /);
    expect(a.slice(K).some((t) => /^auto\/(local|tpe|explore|model): .*expected improvement/.test(t.rationale))).toBe(
      true,
    );
    // The last evaluation of a known budget exploits the model.
    expect(a.at(-1)!.rationale).toMatch(/^auto\/exploit: .*last evaluation of the budget/);
  });

  it('describes local moves as changes around the best trial', async () => {
    const history = await runLoop({
      proposer: createAutoProposer({ start: baseline }),
      space,
      trials: 16,
      seed: 2,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
      evaluate: toyObjective,
    });
    const local = history.map((t) => t.rationale).filter((r) => r.startsWith('auto/local: '));
    expect(local.length).toBeGreaterThan(0);
    expect(local.some((r) => /^auto\/local: [\w.]+ [^ ]+→[^ ,]+.* around best #\d+; predicted score/.test(r))).toBe(
      true,
    );
  });

  it('beats random search on a toy objective, on average over 8 seeds (best after 15 trials)', async () => {
    const bestAfter = async (make: () => ReturnType<typeof createAutoProposer>, seed: number) => {
      const history = await runLoop({
        proposer: make(),
        space: TOY_SPACE,
        trials: 15,
        seed,
        objectives: QUALITY,
        weights: {},
        evaluate: toyObjective,
      });
      return Math.max(...history.map((t) => t.objectives?.quality ?? -Infinity));
    };
    let auto = 0;
    let random = 0;
    for (let seed = 0; seed < 8; seed++) {
      auto += await bestAfter(() => createAutoProposer({ budget: 15 }), seed);
      random += await bestAfter(() => createRandomProposer(), seed);
    }
    expect(auto / 8).toBeGreaterThan(random / 8 + 0.05);
  });
});
