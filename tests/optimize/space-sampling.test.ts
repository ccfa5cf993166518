import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { configIdentity } from '../../src/optimize/proposers/sampling/config-identity.js';
import { discretiseParam, finiteValues } from '../../src/optimize/proposers/sampling/discretise-space.js';
import { createGrid } from '../../src/optimize/proposers/sampling/grid-enumeration.js';
import { shuffledIndices } from '../../src/optimize/proposers/sampling/lazy-shuffle.js';
import { snapValue, type NumericParam } from '../../src/optimize/proposers/sampling/numeric-scale.js';
import { sampleConfig, sampleParamValue } from '../../src/optimize/proposers/sampling/sample-config.js';
import { ParamSchema, type Param } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { loadDefaultSpace, TOY_SPACE } from './fixtures.js';

const param = (raw: object): Param => ParamSchema.parse({ name: 'p', group: 'retrieval', ...raw });
const numeric = (raw: object) => param(raw) as NumericParam;

describe('discretiseParam', () => {
  it('spreads levels on the search scale, endpoints included', () => {
    expect(discretiseParam(param({ type: 'int', low: 64, high: 1024, log: true }))).toEqual([64, 128, 256, 512, 1024]);
    expect(discretiseParam(param({ type: 'float', low: 0, high: 0.3 }), { levels: 4 })).toEqual([0, 0.1, 0.2, 0.3]);
    expect(discretiseParam(param({ type: 'int', low: 1, high: 3 }))).toEqual([1, 2, 3]);
    expect(discretiseParam(param({ type: 'float', low: 0, high: 1, step: 0.25 }), { levels: 3 })).toEqual([0, 0.5, 1]);
    expect(discretiseParam(param({ type: 'categorical', values: ['x', 'y'] }))).toEqual(['x', 'y']);
  });

  it('knows which parameters are finite', () => {
    expect(finiteValues(param({ type: 'float', low: 0, high: 0.3, step: 0.1 }), 10)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(finiteValues(param({ type: 'float', low: 0, high: 1 }), 10)).toBeUndefined();
    expect(finiteValues(param({ type: 'int', low: 1, high: 50 }), 10)).toBeUndefined();
  });
});

describe('sampling', () => {
  it('snaps to steps, integers and 4 significant digits, inside the range', () => {
    expect(snapValue(numeric({ type: 'int', low: 2, high: 10, step: 4 }), 9.9)).toBe(10);
    expect(snapValue(numeric({ type: 'int', low: 2, high: 9, step: 4 }), 9.9)).toBe(6);
    expect(snapValue(numeric({ type: 'float', low: 0, high: 1, step: 0.1 }), 0.3000001)).toBe(0.3);
    expect(snapValue(numeric({ type: 'float', low: 0, high: 1 }), 0.123456)).toBe(0.1235);
    expect(snapValue(numeric({ type: 'float', low: 0, high: 0.3, step: 0.1 }), 0.29)).toBe(0.3);
    // Rounding up to 4 digits must not leave the range.
    expect(snapValue(numeric({ type: 'float', low: 0, high: 0.12345 }), 0.12345)).toBeLessThanOrEqual(0.12345);
  });

  it('is log-uniform for log parameters and reaches both endpoints of an int range', () => {
    const random = mulberry32(1);
    const log = param({ type: 'int', low: 1, high: 10000, log: true });
    const draws = Array.from({ length: 4000 }, () => sampleParamValue(log, random) as number).sort((a, b) => a - b);
    expect(draws[2000]).toBeGreaterThan(50);
    expect(draws[2000]).toBeLessThan(200);
    const small = param({ type: 'int', low: 1, high: 3 });
    const counts = [1, 2, 3].map(
      (v) => Array.from({ length: 3000 }, () => sampleParamValue(small, random)).filter((d) => d === v).length,
    );
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it('draws only active parameters, all valid', () => {
    const space = loadDefaultSpace();
    const random = mulberry32(5);
    for (let i = 0; i < 300; i++) {
      const config = sampleConfig({ space, random });
      expect(resolveConfig({ config, space, source: 'sample' }).config).toEqual(config);
    }
  });
});

describe('grid enumeration', () => {
  it('counts only active combinations and addresses each one once', () => {
    // model 2 × (mode a: 3 widths × 3 ratios + b: 3 × 3 + c: 3 widths × 3 depths) = 54.
    const grid = createGrid({ space: TOY_SPACE, levels: (p) => discretiseParam(p, { levels: 3 }) });
    expect(grid.size).toBe(54);
    const ids = new Set(Array.from({ length: grid.size }, (_, i) => configIdentity(grid.at(i))));
    expect(ids.size).toBe(54);
    expect(grid.at(0)).toEqual({ model: 'small', mode: 'a', width: 1, ratio: 0 });
    expect(grid.at(53)).toEqual({ model: 'large', mode: 'c', width: 100, depth: 10 });
  });

  it('shuffles lazily into a permutation', () => {
    const order = [...shuffledIndices(1000, mulberry32(2))];
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(order.slice(0, 10)).not.toEqual(Array.from({ length: 10 }, (_, i) => i));
    const huge = shuffledIndices(2 ** 40, mulberry32(2));
    const first = Array.from({ length: 5 }, () => huge.next().value as number);
    expect(new Set(first).size).toBe(5);
  });
});
