import { describe, expect, it } from 'vitest';
import type { QuestionValue } from '../../src/metrics/paired-comparison.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { averageRepeats, compareMetric } from '../../src/regression/regression-decision.js';

const values = (xs: readonly number[]): QuestionValue[] => xs.map((value, i) => ({ questionId: `q${i}`, value }));

/** Per-question "true" quality of one configuration: a fixed spread over 40 questions. */
const TRUE_QUALITY = Array.from({ length: 40 }, (_, i) => 0.2 + (0.6 * ((i * 7) % 40)) / 40);

/** One noisy run of a configuration (an LLM generator): true quality plus uniform noise, clipped to [0, 1]. */
function noisyRun(random: () => number, shift = 0, noise = 0.15): QuestionValue[] {
  return values(TRUE_QUALITY.map((q) => Math.min(1, Math.max(0, q + shift + (random() - 0.5) * 2 * noise))));
}

describe('compareMetric', () => {
  it('flags a drop beyond the threshold that is significant', () => {
    const baseline = values(TRUE_QUALITY);
    const candidate = values(TRUE_QUALITY.map((q, i) => q - 0.1 - (i % 3) * 0.02));
    const result = compareMetric({ metric: 'f1', baseline, candidate, maxDrop: 0.02 });
    expect(result.verdict).toBe('regression');
    expect(result.difference).toBeCloseTo(-0.1 - (0.02 * (0 + 1 + 2)) / 3, 1);
    expect(result.ciHigh!).toBeLessThan(0);
    expect(result.n).toBe(40);
  });

  it('accepts a significant drop smaller than --max-drop', () => {
    const baseline = values(TRUE_QUALITY);
    const candidate = values(TRUE_QUALITY.map((q) => q - 0.01));
    const result = compareMetric({ metric: 'f1', baseline, candidate, maxDrop: 0.02 });
    expect(result.ciHigh!).toBeLessThan(0);
    expect(result.verdict).toBe('ok');
  });

  it('accepts a large drop that is not significant (one question changed a lot)', () => {
    const baseline = values([1, 0, 0, 0, 0]);
    const candidate = values([0, 0, 0, 0, 0]);
    const result = compareMetric({ metric: 'f1', baseline, candidate, maxDrop: 0.02 });
    expect(result.difference).toBeCloseTo(-0.2);
    expect(result.ciHigh).toBe(0);
    expect(result.verdict).toBe('ok');
  });

  it('calls an unchanged configuration ok and a significant gain improved', () => {
    expect(
      compareMetric({ metric: 'f1', baseline: values(TRUE_QUALITY), candidate: values(TRUE_QUALITY), maxDrop: 0.02 })
        .verdict,
    ).toBe('ok');
    expect(
      compareMetric({
        metric: 'f1',
        baseline: values(TRUE_QUALITY),
        candidate: values(TRUE_QUALITY.map((q) => q + 0.1)),
        maxDrop: 0.02,
      }).verdict,
    ).toBe('improved');
  });

  it('reports no-data when no question has a value on both sides', () => {
    const result = compareMetric({
      metric: 'f1',
      baseline: [{ questionId: 'a', value: null }],
      candidate: [{ questionId: 'a', value: 0.5 }],
      maxDrop: 0.02,
    });
    expect(result.verdict).toBe('no-data');
    expect(result.n).toBe(0);
  });

  it('is deterministic for a given seed', () => {
    const random = mulberry32(3);
    const baseline = noisyRun(random);
    const candidate = noisyRun(random);
    expect(compareMetric({ metric: 'f1', baseline, candidate, maxDrop: 0.02, seed: 5 })).toEqual(
      compareMetric({ metric: 'f1', baseline, candidate, maxDrop: 0.02, seed: 5 }),
    );
  });
});

describe('noisy but unchanged configuration over many nightly runs', () => {
  // 200 simulated nights of the same configuration under per-question noise of ±0.15 on both sides.
  // A false regression needs a drop > 0.02 AND a CI below 0. The CI alone bounds false alarms near
  // 2.5% per metric; averaging repeats shrinks the noise until no drop beyond 0.02 is left.
  const nights = 200;
  const falseRegressions = (repeat: number) => {
    const random = mulberry32(42);
    let count = 0;
    for (let night = 0; night < nights; night++) {
      const baseline = averageRepeats(Array.from({ length: repeat }, () => noisyRun(random)));
      const candidate = averageRepeats(Array.from({ length: repeat }, () => noisyRun(random)));
      if (
        compareMetric({ metric: 'f1', baseline, candidate, maxDrop: 0.02, seed: night, iterations: 500 }).verdict ===
        'regression'
      )
        count += 1;
    }
    return count;
  };

  it('rarely fires with one run and never with eight repeats averaged', () => {
    expect(falseRegressions(1)).toBeLessThanOrEqual(nights * 0.05);
    expect(falseRegressions(8)).toBe(0);
  });

  it('still catches a real drop of 0.1 under the same noise with repeats', () => {
    const random = mulberry32(7);
    let caught = 0;
    for (let night = 0; night < 50; night++) {
      const baseline = averageRepeats(Array.from({ length: 3 }, () => noisyRun(random)));
      const candidate = averageRepeats(Array.from({ length: 3 }, () => noisyRun(random, -0.1)));
      if (
        compareMetric({ metric: 'f1', baseline, candidate, maxDrop: 0.02, seed: night, iterations: 500 }).verdict ===
        'regression'
      )
        caught += 1;
    }
    expect(caught).toBeGreaterThanOrEqual(45);
  });
});

describe('averageRepeats', () => {
  it('averages per question, ignoring nulls unless every repeat is null', () => {
    const out = averageRepeats([
      [
        { questionId: 'a', value: 1 },
        { questionId: 'b', value: null },
        { questionId: 'c', value: null },
      ],
      [
        { questionId: 'a', value: 0 },
        { questionId: 'b', value: 0.5 },
        { questionId: 'c', value: null },
      ],
    ]);
    expect(out).toEqual([
      { questionId: 'a', value: 0.5 },
      { questionId: 'b', value: 0.5 },
      { questionId: 'c', value: null },
    ]);
  });

  it('leaves identical repeats unchanged (deterministic local pipelines)', () => {
    const run = values(TRUE_QUALITY);
    expect(averageRepeats([run, run, run])).toEqual(run);
  });
});
