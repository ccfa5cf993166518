import { describe, expect, it } from 'vitest';
import { createGreedyProposer } from '../../src/optimize/proposers/greedy/greedy-proposer.js';
import { PARAM_GROUPS, SearchSpaceSchema, type Config } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { loadDefaultSpace, OBJECTIVES, toyObjective, WEIGHTS } from './fixtures.js';
import { runLoop } from './run-loop.js';

const space = loadDefaultSpace();

/** A flat space like a tabular benchmark's: every parameter in one group, numbers declared before the text choice. */
const FLAT_SPACE = SearchSpaceSchema.parse({
  name: 'flat',
  parameters: [
    { name: 'size', type: 'categorical', group: 'retrieval', values: [1, 2, 3] },
    { name: 'model', type: 'categorical', group: 'retrieval', values: ['x', 'y', 'z'] },
    { name: 'k', type: 'categorical', group: 'retrieval', values: [1, 2] },
  ],
});
/** Additive, best at model=y, size=3, k=2; the model matters most. */
const flatQuality = (c: Config) =>
  ({ x: 0, y: 0.6, z: 0.3 })[c.model as string]! + 0.1 * (c.size as number) + 0.05 * (c.k as number);
const groupOf = (rationale: string) => /^greedy: (?:refining pass, )?(\w+) group/.exec(rationale)?.[1];
const order = (rationale: string) => PARAM_GROUPS.indexOf(groupOf(rationale) as (typeof PARAM_GROUPS)[number]);

describe('greedy proposer', () => {
  it('starts from the starting configuration and visits groups models first', async () => {
    // A flat objective keeps the first trial the best, so one whole pass is visible.
    const history = await runLoop({
      proposer: createGreedyProposer(),
      space,
      trials: 40,
      seed: 1,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
      evaluate: () => ({ quality: 0.5, latency: 10 }),
    });
    expect(history[0].rationale).toMatch(/^greedy: starting configuration/);
    const coarse = history.slice(1).filter((t) => !t.rationale.includes('refining'));
    const firstSeen = [...new Set(coarse.map((t) => groupOf(t.rationale)))];
    expect(firstSeen).toEqual(['generator', 'embedder', 'chunking', 'retrieval', 'reranking', 'context']);
    const indices = coarse.map((t) => order(t.rationale));
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    // Trial #0 (the start) finished before the next proposal, so it is the incumbent.
    expect(coarse[0].rationale).toBe('greedy: generator group, trying generator=extractive-span around best #0');
    const { generator: _changed, ...rest } = coarse[0].config;
    const { generator: _start, ...startRest } = history[0].config;
    expect(rest).toEqual(startRest);
    // The refining pass comes only after every coarse move of every group.
    const firstRefining = history.findIndex((t) => t.rationale.includes('refining'));
    expect(firstRefining).toBe(1 + coarse.length);
    expect(groupOf(history[firstRefining].rationale)).toBe('chunking'); // no numeric parameter in generator or embedder
  });

  it('continues the pass from the group that improved instead of starting over', async () => {
    const history = await runLoop({
      proposer: createGreedyProposer(),
      space,
      trials: 60,
      seed: 1,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
      evaluate: toyObjective,
    });
    const firstRefining = history.findIndex((t) => t.rationale.includes('refining'));
    expect(firstRefining).toBeGreaterThan(0);
    const indices = history.slice(1, firstRefining).map((t) => order(t.rationale));
    expect(indices.every((i) => i >= 0)).toBe(true);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(history.at(-1)!.rationale).toMatch(/around best #\d+$/);
  });

  it('walks a flat space in one pass, text choices first, resuming at the parameter that improved', async () => {
    const history = await runLoop({
      proposer: createGreedyProposer(),
      space: FLAT_SPACE,
      trials: 6,
      seed: 1,
      objectives: [{ name: 'quality', metric: 'f1', direction: 'max' }],
      weights: {},
      evaluate: (config) => ({ quality: flatQuality(config) }),
    });
    // start, model ×2, size ×2, k ×1: every one-parameter move once, no earlier parameter re-walked
    // around an improved anchor, so the additive optimum is the sixth evaluation.
    const changed = history.slice(1).map((t) => /trying (\w+)=/.exec(t.rationale)?.[1]);
    expect(changed).toEqual(['model', 'model', 'size', 'size', 'k']);
    expect(history[5].config).toEqual({ size: 3, model: 'y', k: 2 });
  });

  it('starts from a given start configuration, completed with neutral values', async () => {
    const start = {
      'chunk.strategy': 'recursive',
      'chunk.size': 256,
      'chunk.overlap': 0.15,
      retrieval: 'bm25',
      top_k: 4,
    };
    const [first] = await createGreedyProposer({ start }).propose({
      space,
      history: [],
      n: 1,
      seed: 0,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
    });
    expect(first.config).toMatchObject(start);
    expect(first.config).not.toHaveProperty('embedder'); // bm25 needs no embedder
    expect(resolveConfig({ config: first.config, space, source: 'test' }).config).toEqual(first.config);
  });
});
