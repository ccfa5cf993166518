import { describe, expect, it } from 'vitest';
import { repairConfig } from '../../src/optimize/proposers/agent/llm-agent-repair.js';
import { TINY_SPACE, TOY_SPACE } from './fixtures.js';

// How the agent's proposals are repaired before use (see llm-agent-proposer.test.ts for the proposer).
describe('repairConfig', () => {
  it('snaps to the step, drops inactive keys and fills missing ones from the given config', () => {
    const r = repairConfig({
      space: TOY_SPACE,
      draft: { model: 'large', mode: 'c', width: 0, depth: 5, ratio: 0.4 },
      fill: {},
    });
    expect(r).toEqual({
      ok: true,
      config: { model: 'large', mode: 'c', width: 1, depth: 6 },
      notes: expect.any(Array),
    });
    const filled = repairConfig({
      space: TOY_SPACE,
      draft: { mode: 'a' },
      fill: { model: 'large', width: 30, ratio: 0.25 },
    });
    expect(filled).toMatchObject({ ok: true, config: { model: 'large', mode: 'a', width: 30, ratio: 0.25 } });
  });

  it('maps string spellings of booleans and numbers, and rejects values with no sensible match', () => {
    expect(repairConfig({ space: TINY_SPACE, draft: { flag: 'false', k: '2' } })).toMatchObject({
      ok: true,
      config: { flag: false, k: 2 },
    });
    expect(repairConfig({ space: TINY_SPACE, draft: { flag: 'maybe', k: 1 } })).toMatchObject({ ok: false });
    expect(repairConfig({ space: TOY_SPACE, draft: { model: 'small', mode: 'a', width: 'wide' } })).toMatchObject({
      ok: false,
    });
  });

  it('keeps a valid number as given and snaps an invalid one as every proposer does (numeric-scale snapValue)', () => {
    const repaired = (width: unknown, ratio: unknown) =>
      repairConfig({ space: TOY_SPACE, draft: { model: 'small', mode: 'a', width, ratio } });
    expect(repaired(50, 0.123456)).toMatchObject({ ok: true, config: { width: 50, ratio: 0.123456 }, notes: [] });
    // Text and out-of-range numbers are repaired: free floats to 4 significant digits, ints rounded and clamped.
    expect(repaired('49.6', '0.123456')).toMatchObject({ ok: true, config: { width: 50, ratio: 0.1235 } });
    expect(repaired(250.7, 1.5)).toMatchObject({ ok: true, config: { width: 100, ratio: 1 } });
  });
});

// The shared contract, with a scripted agent that answers every prompt with random configurations
// of the space named in it (seeded by the prompt, so the same request gets the same reply); some
// are duplicates in small spaces, which the fallback replaces.
