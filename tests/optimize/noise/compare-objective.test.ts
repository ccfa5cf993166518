import { describe, expect, it } from 'vitest';
import { compareObjective } from '../../../src/optimize/noise/compare-objective.js';
import { TIMING_TIE_RATIO } from '../../../src/optimize/noise/noise-rule.js';
import { pairedDifference } from '../../../src/optimize/noise/paired-difference.js';
import type { Objective } from '../../../src/optimize/proposers/proposer.js';

const QUALITY: Objective = { name: 'quality', metric: 'f1', direction: 'max' };
const LATENCY: Objective = { name: 'latency', metric: 'latency_p95_ms', direction: 'min' };
const m = (value: number | null, se: number | null = null) => ({ value, se });

describe('compareObjective', () => {
  it('calls a difference within 1.96 combined standard errors a tie', () => {
    // 0.02 apart; SE 0.01 each: 1.96 · 0.01414 = 0.0277 > 0.02, a tie.
    expect(compareObjective({ objective: QUALITY, a: m(0.4, 0.01), b: m(0.38, 0.01) })).toBe(0);
    // SE 0.005 each: 1.96 · 0.00707 = 0.0139 < 0.02, a difference, direction aware.
    expect(compareObjective({ objective: QUALITY, a: m(0.4, 0.005), b: m(0.38, 0.005) })).toBe(1);
    expect(compareObjective({ objective: QUALITY, a: m(0.38, 0.005), b: m(0.4, 0.005) })).toBe(-1);
    expect(
      compareObjective({
        objective: { ...QUALITY, metric: 'cost_usd_per_query', direction: 'min' },
        a: m(0.38, 0.005),
        b: m(0.4, 0.005),
      }),
    ).toBe(1);
    // Without any SE, values compare exactly (float round-off aside).
    expect(compareObjective({ objective: QUALITY, a: m(0.3), b: m(0.1 + 0.2) })).toBe(0);
    expect(compareObjective({ objective: QUALITY, a: m(0.3), b: m(0.2999) })).toBe(1);
  });

  it('prefers the paired interval on shared questions', () => {
    const a = [0.9, 0.1, 0.5, 0.3].map((value, i) => ({ questionId: `q${i}`, value: value + 0.02 }));
    const b = [0.9, 0.1, 0.5, 0.3, 0.7].map((value, i) => ({ questionId: `q${i}`, value }));
    const paired = pairedDifference({ a, b });
    expect(paired).toEqual({ n: 4, meanDifference: expect.closeTo(0.02, 12), se: expect.closeTo(0, 12) });
    // Unpaired the SEs (0.17 each) swallow 0.02; paired, every shared question differs by 0.02.
    expect(compareObjective({ objective: QUALITY, a: m(0.47, 0.17), b: m(0.5, 0.17), paired })).toBe(1);
    expect(compareObjective({ objective: QUALITY, a: m(0.47, 0.17), b: m(0.5, 0.17) })).toBe(0);
    expect(pairedDifference({ a: a.slice(0, 1), b })).toBeNull();
  });

  it('treats timings within the run-to-run floor as ties, and adds their bootstrap SE', () => {
    expect(TIMING_TIE_RATIO).toBeCloseTo(24.2311, 4);
    expect(compareObjective({ objective: LATENCY, a: m(10, 0), b: m(240, 0) })).toBe(0);
    expect(compareObjective({ objective: LATENCY, a: m(10, 0), b: m(250, 0) })).toBe(1);
    expect(compareObjective({ objective: LATENCY, a: m(250, 0), b: m(10, 0) })).toBe(-1);
    // 250 ± 120 ms: √(2 · 1.15² + 0.48²) · 1.96 = 3.32 > ln 25 = 3.22, a tie.
    expect(compareObjective({ objective: LATENCY, a: m(10, 0), b: m(250, 120) })).toBe(0);
    // An LLM call against a local answer is a real difference.
    expect(compareObjective({ objective: LATENCY, a: m(4.2, 0.5), b: m(850, 40) })).toBe(1);
  });

  it('ranks an unknown value below any known one', () => {
    expect(compareObjective({ objective: LATENCY, a: m(null), b: m(5000) })).toBe(-1);
    expect(compareObjective({ objective: QUALITY, a: m(0), b: m(null) })).toBe(1);
    expect(compareObjective({ objective: QUALITY, a: m(null), b: m(null) })).toBe(0);
  });
});
