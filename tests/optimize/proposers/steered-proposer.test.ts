import { describe, expect, it } from 'vitest';
import { createSteeredProposer } from '../../../src/optimize/proposers/steered-proposer.js';
import { steeringViolations } from '../../../src/optimize/steering/steered-space.js';
import {
  applySteering,
  initialSteeringState,
  type SteeringState,
} from '../../../src/optimize/steering/steering-state.js';
import { BUILTIN_PROPOSERS, createBuiltinProposer } from '../../../src/optimize/proposers/builtin-proposers.js';
import type { TrialRecord } from '../../../src/store/trial.js';
import { CATALOGUE_DEFAULTS } from '../../../src/space/catalogue-defaults.js';
import { loadDefaultSpace, makeTrial, OBJECTIVES, toyObjective, WEIGHTS } from '../fixtures.js';

const space = loadDefaultSpace();

function steered(): SteeringState {
  let state = initialSteeringState({ weights: WEIGHTS, constraints: [] }, 30);
  state = applySteering(state, { type: 'pin', param: 'generator', value: 'extractive-sentence' });
  state = applySteering(state, { type: 'exclude', param: 'reranker', values: ['mmr'] });
  state = applySteering(state, { type: 'exclude', param: 'chunk.strategy', values: ['markdown', 'fixed_tokens'] });
  state = applySteering(state, { type: 'narrow', param: 'chunk.size', low: 100, high: 300 });
  return state;
}

describe('steered proposers', () => {
  // The history's best trial uses values the steering now rules out: incumbent-based proposers
  // (greedy, auto's trust region) would carry them into new proposals if nothing stopped them.
  const bestBefore = {
    'chunk.strategy': 'markdown',
    'chunk.size': 256,
    retrieval: 'hybrid',
    embedder: 'lsa',
    fusion: 'rrf',
    top_k: 8,
    reranker: 'mmr',
    'rerank.candidates': 30,
    'mmr.lambda': 0.6,
    generator: 'extractive-span',
    'context.max_tokens': 1024,
  };

  for (const name of BUILTIN_PROPOSERS) {
    it(`${name}: no proposal after the steering breaks a pin, an exclusion or a range (25 rounds)`, async () => {
      const state = steered();
      const proposer = createSteeredProposer({
        inner: createBuiltinProposer({
          name,
          greedy: { start: CATALOGUE_DEFAULTS },
          auto: { start: CATALOGUE_DEFAULTS, budget: 30 },
        }),
        state: () => state,
      });
      const history: TrialRecord[] = [
        makeTrial({ number: 0, config: bestBefore, objectives: { quality: 0.9, latency: 5 } }),
      ];
      for (let round = 0; round < 25; round++) {
        const proposals = await proposer.propose({
          space,
          history,
          n: 2,
          seed: round,
          objectives: OBJECTIVES,
          weights: WEIGHTS,
        });
        expect(proposals.length).toBeGreaterThan(0);
        for (const p of proposals) {
          expect(
            steeringViolations({ config: p.config, space, state }),
            `${name} round ${round}: ${JSON.stringify(p.config)}`,
          ).toEqual([]);
          history.push(makeTrial({ number: history.length, config: p.config, objectives: toyObjective(p.config) }));
        }
      }
      const hashes = history.map((t) => t.configHash);
      expect(new Set(hashes).size).toBe(hashes.length);
    });
  }

  it('a pin made while the proposer is working still applies to what it returns', async () => {
    let state = initialSteeringState({ weights: WEIGHTS, constraints: [] }, 30);
    const inner = createBuiltinProposer({ name: 'random' });
    const proposer = createSteeredProposer({
      inner: {
        name: 'slow',
        propose: async (request) => {
          const proposals = await inner.propose(request);
          state = applySteering(state, { type: 'pin', param: 'retrieval', value: 'bm25' }); // the user typed while it ran
          return proposals;
        },
      },
      state: () => state,
    });
    const proposals = await proposer.propose({
      space,
      history: [],
      n: 6,
      seed: 3,
      objectives: OBJECTIVES,
      weights: WEIGHTS,
    });
    expect(proposals).toHaveLength(6);
    expect(proposals.every((p) => p.config.retrieval === 'bm25')).toBe(true);
    expect(proposals.some((p) => p.rationale.startsWith('random draw within your steering'))).toBe(true);
    for (const p of proposals)
      expect(p.proposer).toBe(p.rationale.startsWith('random draw within your steering') ? 'slow→random' : undefined);
  });

  it('model-based proposers are asked with the steered weights', async () => {
    let seen: Readonly<Record<string, number>> | null = null;
    const state = applySteering(initialSteeringState({ weights: WEIGHTS, constraints: [] }, 30), {
      type: 'weights',
      weights: { latency: 3 },
    });
    const proposer = createSteeredProposer({
      inner: { name: 'spy', propose: async (request) => ((seen = request.weights), []) },
      state: () => state,
    });
    await proposer.propose({ space, history: [], n: 1, seed: 0, objectives: OBJECTIVES, weights: WEIGHTS });
    expect(seen).toEqual({ quality: 1, latency: 3 });
  });
});
