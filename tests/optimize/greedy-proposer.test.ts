import { describe, expect, it } from 'vitest';
import { createGreedyProposer } from '../../src/optimize/proposers/greedy-proposer.js';
import { PARAM_GROUPS } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { loadDefaultSpace, OBJECTIVES, toyObjective, WEIGHTS } from './fixtures.js';
import { runLoop } from './run-loop.js';

const space = loadDefaultSpace();
const groupOf = (rationale: string) => /^greedy: (?:refining pass, )?(\w+) group/.exec(rationale)?.[1];
const order = (rationale: string) => PARAM_GROUPS.indexOf(groupOf(rationale) as (typeof PARAM_GROUPS)[number]);

describe('greedy proposer', () => {
  it('starts from the starting configuration and visits groups models first', async () => {
    // A flat objective keeps the first trial the best, so one whole pass is visible.
    const history = await runLoop({ proposer: createGreedyProposer(), space, trials: 40, seed: 1, objectives: OBJECTIVES, weights: WEIGHTS, evaluate: () => ({ quality: 0.5, latency: 10 }) });
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
    const history = await runLoop({ proposer: createGreedyProposer(), space, trials: 60, seed: 1, objectives: OBJECTIVES, weights: WEIGHTS, evaluate: toyObjective });
    const firstRefining = history.findIndex((t) => t.rationale.includes('refining'));
    expect(firstRefining).toBeGreaterThan(0);
    const indices = history.slice(1, firstRefining).map((t) => order(t.rationale));
    expect(indices.every((i) => i >= 0)).toBe(true);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(history.at(-1)!.rationale).toMatch(/around best #\d+$/);
  });

  it('starts from a given start configuration, completed with neutral values', async () => {
    const start = { 'chunk.strategy': 'recursive', 'chunk.size': 256, 'chunk.overlap': 0.15, retrieval: 'bm25', top_k: 4 };
    const [first] = await createGreedyProposer({ start }).propose({ space, history: [], n: 1, seed: 0, objectives: OBJECTIVES, weights: WEIGHTS });
    expect(first.config).toMatchObject(start);
    expect(first.config).not.toHaveProperty('embedder'); // bm25 needs no embedder
    expect(resolveConfig({ config: first.config, space, source: 'test' }).config).toEqual(first.config);
  });
});
