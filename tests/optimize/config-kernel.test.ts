import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import {
  combineSimilarities,
  createConfigSimilarity,
  type KernelSettings,
} from '../../src/optimize/proposers/auto/config-kernel.js';
import { sampleConfig } from '../../src/optimize/proposers/sampling/sample-config.js';
import { loadDefaultSpace } from './fixtures.js';

const space = loadDefaultSpace();
const SETTINGS: KernelSettings[] = [
  { additive: 1, reach: 1 },
  { additive: 0.3, reach: 0.25 },
  { additive: 0.5, reach: 1, pairwise: 0.5 },
  { additive: 0.2, reach: 0.5, pairwise: 0.4, relevance: undefined },
];

describe('config kernel', () => {
  it('is 1 on the diagonal, symmetric, within [0, 1], and the fused kernel matches the combined similarities', () => {
    const similarity = createConfigSimilarity(space);
    const random = mulberry32(7);
    const configs = Array.from({ length: 12 }, () => sampleConfig({ space, random }));
    const relevance = Array.from({ length: similarity.dims }, (_, i) => [0.1, 1, 2.5][i % 3]);
    for (const base of SETTINGS) {
      for (const settings of [base, { ...base, relevance }]) {
        for (const a of configs) {
          expect(similarity.kernel(a, { ...a }, settings)).toBeCloseTo(1, 12);
          for (const b of configs) {
            const k = similarity.kernel(a, b, settings);
            expect(k).toBeGreaterThanOrEqual(0);
            expect(k).toBeLessThanOrEqual(1 + 1e-12);
            expect(similarity.kernel(b, a, settings)).toBeCloseTo(k, 12);
            expect(combineSimilarities(similarity.similarities(a, b), settings)).toBeCloseTo(k, 12);
          }
        }
      }
    }
  });
});
