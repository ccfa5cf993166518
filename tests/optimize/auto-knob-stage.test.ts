import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAutoProposer } from '../../src/optimize/proposers/auto/auto-proposer.js';
import { defaultKnobsFrom, withKnobsOff } from '../../src/optimize/proposers/auto/knob-stage.js';
import { isFixedParam } from '../../src/optimize/proposers/sampling/complete-config.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import { loadSearchSpace } from '../../src/space/load-space.js';
import { NEUTRAL_VALUES } from '../../src/space/neutral-values.js';
import { queryAndContextParameters } from '../../src/space/query-context-parameters.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { TEST_CATALOGUE } from '../space/test-catalogue.js';
import { loadDefaultSpace, OBJECTIVES, TOY_SPACE, toyObjective, WEIGHTS } from './fixtures.js';
import { runLoop } from './run-loop.js';

const space = loadDefaultSpace();
const baseline = JSON.parse(readFileSync(join(__dirname, '../../pipelines/baseline.json'), 'utf8')) as Config;
/** Every query and context knob of the catalogue: the switches and their sub-parameters. */
const KNOBS = queryAndContextParameters({ llmRewrites: false }).map((p) => p.name);
const dir = mkdtempSync(join(tmpdir(), 'knob-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped default space file without its knobs, loaded as a space file that never declared them. */
function defaultSpaceWithoutKnobs() {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../pipelines/default.space.json'), 'utf8'));
  const path = join(dir, 'no-knobs.space.json');
  writeFileSync(
    path,
    JSON.stringify({ ...raw, parameters: raw.parameters.filter((p: { name: string }) => !KNOBS.includes(p.name)) }),
  );
  return loadSearchSpace({ path, catalogue: TEST_CATALOGUE, fixed: CATALOGUE_DEFAULTS });
}

const usesKnob = (config: Config) => Object.keys(config).some((key) => KNOBS.includes(key));
const knobSettings = (config: Config) =>
  Object.keys(config)
    .filter((key) => KNOBS.includes(key))
    .map((key) => `${key}=${config[key]}`)
    .join(',');
const withoutKnobs = (config: Config) =>
  Object.fromEntries(Object.entries(config).filter(([key]) => !KNOBS.includes(key)));

describe('knobs in the default space (auto proposer)', () => {
  it('declares every offline knob in the default space, free', () => {
    const free = space.parameters.filter((p) => (p.type === 'categorical' ? p.values.length > 1 : p.low < p.high));
    expect(KNOBS.filter((name) => !free.some((p) => p.name === name))).toEqual([]);
    for (const name of Object.keys(NEUTRAL_VALUES))
      expect(space.parameters.find((p) => p.name === name)).toMatchObject({ type: 'categorical' });
  });

  it('holds them off as a space file without them does: same parameters, same single values', () => {
    const off = withKnobsOff(space);
    const without = defaultSpaceWithoutKnobs();
    expect(off.parameters.map((p) => p.name)).toEqual(without.parameters.map((p) => p.name));
    expect(off.parameters.map(isFixedParam)).toEqual(without.parameters.map(isFixedParam));
    // A space without free knobs is returned as it is.
    expect(withKnobsOff(TOY_SPACE)).toBe(TOY_SPACE);
  });

  it('lets them move from half the budget (15 of 30, 15 unknown)', () => {
    expect([defaultKnobsFrom(30), defaultKnobsFrom(31), defaultKnobsFrom(60), defaultKnobsFrom(undefined)]).toEqual([
      15, 16, 30, 15,
    ]);
  });

  // Budget 20: knobs held off for the first 10 trials, then each value tried on the best, then the model.
  const loop = (over: typeof space) =>
    runLoop({
      proposer: createAutoProposer({ start: baseline, budget: 20 }),
      space: over,
      trials: 20,
      seed: 1,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
      evaluate: toyObjective,
    });
  const runs = Promise.all([loop(space), loop(defaultSpaceWithoutKnobs())]);

  it('proposes trial for trial what it proposes without the knobs until half the budget', async () => {
    const [withKnobs, plain] = await runs;
    expect(withKnobs.slice(0, 10).map((t) => [t.config, t.rationale])).toEqual(
      plain.slice(0, 10).map((t) => [t.config, t.rationale]),
    );
    expect(withKnobs.slice(0, 10).some((t) => usesKnob(t.config))).toBe(false);
  });

  it('then tries each knob value once on the best trial, sub-parameters at their middle level', async () => {
    const [withKnobs] = await runs;
    const knobbed = withKnobs.filter((t) => usesKnob(t.config)).map((t) => `${t.number}:${knobSettings(t.config)}`);
    expect(knobbed).toEqual([
      '10:query.rewrite=rm3,rm3.terms=18,rm3.docs=6,rm3.weight=0.6',
      '11:context.expand=window,context.window=2',
      '12:context.expand=parent,parent.size=724',
      '13:context.compress=sentences,compress.keep=0.6',
      '14:context.order=ends',
    ]);
    const best = withKnobs[10].rationale.match(/on best #(\d+)$/)?.[1];
    for (const trial of withKnobs.slice(10, 15)) {
      expect(trial.rationale).toBe(`auto/knob: ${knobSettings(trial.config).split(',')[0]} on best #${best}`);
      expect(withoutKnobs(trial.config)).toEqual(withKnobs[Number(best)].config);
    }
    // The toy objective ignores the knobs, so none beats the best and the model leaves them off.
    expect(withKnobs.slice(15).map((t) => usesKnob(t.config))).toEqual([false, false, false, false, false]);
  });

  it('treats them like any other parameter with knobs: free', async () => {
    const history = await runLoop({
      proposer: createAutoProposer({ start: baseline, budget: 24, knobs: 'free' }),
      space,
      trials: 8,
      seed: 1,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
      evaluate: toyObjective,
    });
    expect(history.slice(1).some((t) => usesKnob(t.config))).toBe(true);
  });
});
