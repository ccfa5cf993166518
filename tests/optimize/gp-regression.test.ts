import { describe, expect, it } from 'vitest';
import { fitSurrogate } from '../../src/optimize/proposers/auto/auto-surrogate.js';
import { fitGp } from '../../src/optimize/proposers/auto/gp-regression.js';
import { SearchSpaceSchema } from '../../src/space/parameter-schema.js';

describe('fitGp observation noise', () => {
  it('moves the posterior mean less towards an observation with a large noise variance (one point)', () => {
    // One observation y = 1 with prior variance 1: the mean there is 1 / (1 + total noise).
    const homoscedastic = fitGp({ gram: [[1]], targets: [1], noise: 0.1 }).predict([1], 1);
    expect(homoscedastic.mean).toBeCloseTo(1 / 1.1, 6);
    expect(homoscedastic.sd).toBeCloseTo(Math.sqrt(1 - 1 / 1.1), 6);
    const noisy = fitGp({ gram: [[1]], targets: [1], noise: 0.1, observationNoise: [0.9] }).predict([1], 1);
    expect(noisy.mean).toBeCloseTo(0.5, 6);
    expect(noisy.sd).toBeCloseTo(Math.sqrt(0.5), 6);
  });

  it('lets the quieter of two correlated observations dominate (two points, by hand)', () => {
    const gram = [
      [1, 0.5],
      [0.5, 1],
    ];
    const targets = [1, -1];
    // Homoscedastic: α = [[1.1, .5], [.5, 1.1]]⁻¹ y = [1.6, -1.6] / 0.96; mean at point 1 = α₁ + 0.5 α₂ = 5/6.
    expect(fitGp({ gram, targets, noise: 0.1 }).predict([1, 0.5], 1).mean).toBeCloseTo(5 / 6, 6);
    // Point 1 one unit noisier: α = [1.6, -2.6] / 2.06; mean at point 1 = (1.6 - 1.3) / 2.06.
    expect(fitGp({ gram, targets, noise: 0.1, observationNoise: [1, 0] }).predict([1, 0.5], 1).mean).toBeCloseTo(
      0.3 / 2.06,
      6,
    );
    // All-zero extra noise is exactly the homoscedastic fit.
    expect(fitGp({ gram, targets, noise: 0.1, observationNoise: [0, 0] }).logLikelihood).toBeCloseTo(
      fitGp({ gram, targets, noise: 0.1 }).logLikelihood,
      12,
    );
  });

  it('rejects a noise array of the wrong length or with a negative entry', () => {
    expect(() => fitGp({ gram: [[1]], targets: [1], noise: 0.1, observationNoise: [0, 0] })).toThrow(
      /1 finite non-negative/,
    );
    expect(() => fitGp({ gram: [[1]], targets: [1], noise: 0.1, observationNoise: [-1] })).toThrow(/non-negative/);
  });
});

describe('fitSurrogate per-point noise', () => {
  const space = SearchSpaceSchema.parse({
    name: 'one-knob',
    parameters: [{ name: 'mode', type: 'categorical', group: 'retrieval', values: ['a', 'b', 'c'] }],
  });
  const settings = { additive: 1, reach: 1, noise: 0.1 };
  const points = (extra: { variance?: number; fidelity?: number }) => [
    { config: { mode: 'a' }, score: 0 },
    { config: { mode: 'b' }, score: 0.5 },
    { config: { mode: 'c' }, score: 1, ...extra },
  ];

  it('trusts a partial evaluation (low fidelity) or one with a known variance less', () => {
    const at = (extra: { variance?: number; fidelity?: number }) =>
      fitSurrogate({ space, points: points(extra), settings }).predict({ mode: 'c' }).mean;
    // Distinct categorical values share nothing, so the mean at c is 0.5 + 0.5 / (1 + total noise), noise on the
    // standardised scale (score variance 1/6): nugget 0.1; nugget / fidelity = 1; or 0.1 + variance · 6 = 1.
    expect(at({})).toBeCloseTo(0.5 + 0.5 / 1.1, 6);
    expect(at({ fidelity: 0.1 })).toBeCloseTo(0.5 + 0.5 / 2, 6);
    expect(at({ variance: 0.9 / 6 })).toBeCloseTo(0.5 + 0.5 / 2, 6);
  });
});
