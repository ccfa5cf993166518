import { describe, expect, it } from 'vitest';
import { normalPair, seededGaussian, standardNormal } from '../../src/stats/gaussian-random.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

/** A stream that returns `values` in order. */
const scripted = (values: number[]) => () => values.shift()!;

describe('Box–Muller draws', () => {
  it('turns two uniforms into cosine and sine values of one radius', () => {
    // u1 = 1 - e^-2 gives radius sqrt(4) = 2; u2 = 1/8 is the angle pi/4.
    const [a, b] = normalPair(scripted([1 - Math.exp(-2), 0.125]));
    expect(a).toBeCloseTo(Math.SQRT2, 12);
    expect(b).toBeCloseTo(Math.SQRT2, 12);
    // u1 = 0 would be log(0): 1 - u keeps it finite (radius 0).
    expect(normalPair(scripted([0, 0.25])).every((x) => x === 0)).toBe(true);
  });

  it('standardNormal keeps the first value of a pair and consumes two uniforms', () => {
    const shared = mulberry32(5);
    const draws = [standardNormal(shared), standardNormal(shared)];
    const again = mulberry32(5);
    expect(draws).toEqual([normalPair(again)[0], normalPair(again)[0]]);
  });

  it('seededGaussian uses both values of each pair, and the same seed repeats the sequence', () => {
    const uniform = mulberry32(9);
    const pairs = [...normalPair(uniform), ...normalPair(uniform)];
    const gaussian = seededGaussian(9);
    expect([gaussian(), gaussian(), gaussian(), gaussian()]).toEqual(pairs);
    const a = seededGaussian(3);
    const b = seededGaussian(3);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('has mean 0 and variance 1 (20000 seeded draws)', () => {
    const gaussian = seededGaussian(1);
    const xs = Array.from({ length: 20000 }, gaussian);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    // Standard errors: 1/sqrt(20000) = 0.007 for the mean, sqrt(2/20000) = 0.01 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });
});
