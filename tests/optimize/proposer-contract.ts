import { describe, expect, it } from 'vitest';
import type { Proposal, Proposer, ProposeRequest } from '../../src/optimize/proposers/proposer.js';
import type { TrialRecord } from '../../src/store/trial.js';
import { stableHash } from '../../src/json/canonical-json.js';
import type { SearchSpace } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { loadDefaultSpace, makeTrial, OBJECTIVES, randomHistory, TINY_SPACE, TOY_SPACE, WEIGHTS } from './fixtures.js';

export interface ProposerContractOptions {
  /** A fresh proposer per call, so no state can leak between requests. */
  make: () => Proposer;
  /** Whether different seeds must give different proposals (random and model-based proposers). */
  seeded: boolean;
}

const request = (options: {
  space: SearchSpace;
  history?: readonly TrialRecord[];
  n: number;
  seed?: number;
}): ProposeRequest => ({
  space: options.space,
  history: options.history ?? [],
  n: options.n,
  seed: options.seed ?? 7,
  objectives: OBJECTIVES,
  weights: WEIGHTS,
});

/** Every proposal resolves against the space to itself: valid values, exactly the active keys. */
function expectValid(space: SearchSpace, proposals: readonly Proposal[]): void {
  for (const proposal of proposals) {
    const resolved = resolveConfig({ config: proposal.config, space, source: 'proposal' });
    expect(resolved.ignored).toEqual([]);
    expect(Object.keys(proposal.config).sort()).toEqual(Object.keys(resolved.config).sort());
    expect(resolved.config).toEqual(proposal.config);
    expect(proposal.rationale.trim().length).toBeGreaterThan(0);
  }
}

function expectFresh(history: readonly TrialRecord[], proposals: readonly Proposal[]): void {
  const tried = new Set(history.map((t) => stableHash(t.config)));
  const hashes = proposals.map((p) => stableHash(p.config));
  expect(new Set(hashes).size).toBe(hashes.length);
  for (const hash of hashes) expect(tried.has(hash)).toBe(false);
}

/**
 * The proposer contract (see src/optimize/proposers/proposer.ts), run against every built-in
 * proposer on the shipped default space and on a small conditional toy space.
 */
export function runProposerContract(name: string, options: ProposerContractOptions): void {
  describe(`proposer contract: ${name}`, () => {
    const spaces: [string, SearchSpace][] = [
      ['default space', loadDefaultSpace()],
      ['toy space', TOY_SPACE],
    ];
    for (const [label, space] of spaces) {
      describe(label, () => {
        // Mixed states: complete, pruned, failed, waiting and running trials all count as tried.
        const history = randomHistory({ space, count: 40, seed: 11, mixedStates: true });

        it('copes with an empty history and honours n', async () => {
          const proposals = await options.make().propose(request({ space, n: 6 }));
          expect(proposals).toHaveLength(6);
          expectValid(space, proposals);
          expectFresh([], proposals);
        });

        it('proposes valid, fresh configurations after a history', async () => {
          const proposals = await options.make().propose(request({ space, history, n: 8 }));
          expect(proposals).toHaveLength(8);
          expectValid(space, proposals);
          expectFresh(history, proposals);
        });

        it('returns exactly n for a larger batch', async () => {
          const proposals = await options.make().propose(request({ space, history, n: 25, seed: 3 }));
          expect(proposals).toHaveLength(25);
          expectValid(space, proposals);
          expectFresh(history, proposals);
        });

        it('is deterministic for a seed', async () => {
          for (const h of [[], history]) {
            const a = await options.make().propose(request({ space, history: h, n: 5, seed: 42 }));
            const b = await options.make().propose(request({ space, history: h, n: 5, seed: 42 }));
            expect(b).toEqual(a);
          }
        });

        if (options.seeded) {
          it('gives different proposals for different seeds', async () => {
            for (const h of [[], history]) {
              const a = await options.make().propose(request({ space, history: h, n: 5, seed: 1 }));
              const b = await options.make().propose(request({ space, history: h, n: 5, seed: 2 }));
              expect(b.map((p) => p.config)).not.toEqual(a.map((p) => p.config));
            }
          });
        }
      });
    }

    describe('tiny exhausted space (4 configurations)', () => {
      const all = [
        { flag: true, k: 1 },
        { flag: true, k: 2 },
        { flag: false, k: 1 },
        { flag: false, k: 2 },
      ];
      // Enough finished trials for model-based proposers to leave their start-up phase.
      const partial = all
        .slice(0, 3)
        .map((config, number) => makeTrial({ number, config, objectives: { quality: number, latency: 1 } }));

      it('returns only what is left', async () => {
        const proposals = await options.make().propose(request({ space: TINY_SPACE, history: partial, n: 3 }));
        expect(proposals.map((p) => p.config)).toEqual([{ flag: false, k: 2 }]);
        expectValid(TINY_SPACE, proposals);
      });

      it('returns nothing when every configuration was tried', async () => {
        const full = all.map((config, number) => makeTrial({ number, config }));
        expect(await options.make().propose(request({ space: TINY_SPACE, history: full, n: 2 }))).toEqual([]);
      });

      it('fills a batch with the whole space from an empty history', async () => {
        const proposals = await options.make().propose(request({ space: TINY_SPACE, n: 10 }));
        expect(proposals).toHaveLength(4);
        expectFresh([], proposals);
      });
    });
  });
}
