import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../../src/errors.js';
import { parseRungFractions, planRungs } from '../../../src/optimize/pruners/rung-schedule.js';

const plan = (questionCount: number, fractions: number[], minQuestions?: number) =>
  planRungs({ questionCount, fractions, ...(minQuestions === undefined ? {} : { minQuestions }) });

describe('planRungs', () => {
  it('gives rounded prefixes of the question order for the default fractions', () => {
    expect(plan(100, [0.11, 0.33, 1])).toEqual([11, 33, 100]);
    expect(plan(500, [0.11, 0.33, 1])).toEqual([55, 165, 500]);
    expect(plan(91, [0.11, 0.33, 1])).toEqual([10, 30, 91]);
    expect(plan(45, [0.11, 0.33, 1])).toEqual([15, 45]); // 0.11 x 45 = 5 questions: too few to compare
  });

  it('drops rungs under 10 questions, unless that is every question', () => {
    expect(plan(10, [0.11, 0.33, 1])).toEqual([10]);
    expect(plan(30, [0.25, 0.5, 1])).toEqual([15, 30]); // 8 questions dropped
    expect(plan(20, [0.25, 0.5, 1], 5)).toEqual([5, 10, 20]);
    expect(plan(20, [0.25, 0.5, 1], 1)).toEqual([5, 10, 20]);
  });

  it('handles one question: a single rung of 1 whatever the fractions', () => {
    expect(plan(1, [0.11, 0.33, 1])).toEqual([1]);
    expect(plan(1, [0.5])).toEqual([1]);
    expect(plan(1, [0.01], 1)).toEqual([1]);
  });

  it('keeps one rung for fractions that round to the same size, and sizes strictly growing', () => {
    expect(plan(50, [0.2, 0.205, 1])).toEqual([10, 50]); // 10 and 10.25 → 10
    expect(plan(50, [0.2, 0.21, 1])).toEqual([10, 11, 50]); // 10.5 rounds up
    expect(plan(40, [0.99, 1])).toEqual([40]); // 39.6 → 40 is the last rung itself
  });

  it('always ends with every question, adding the last rung when the fractions stop short', () => {
    expect(plan(200, [0.25, 0.5])).toEqual([50, 100, 200]);
    expect(plan(200, [])).toEqual([200]);
  });

  it('refuses fractions out of order or repeated instead of silently fixing them', () => {
    expect(() => plan(40, [1, 0.25])).toThrow('0.25 comes after 1; rungs must grow');
    expect(() => plan(40, [0.25, 0.25, 1])).toThrow('0.25 is listed twice');
  });

  it('rejects fractions outside (0, 1] with the value and an example', () => {
    for (const bad of [0, -0.1, 1.5, Number.NaN]) {
      const call = () => plan(100, [0.5, bad]);
      expect(call).toThrow(TuneRagError);
      expect(call).toThrow(`${bad} is not a fraction in (0, 1]`);
    }
  });
});

describe('parseRungFractions', () => {
  it('reads comma-separated fractions, spaces allowed', () => {
    expect(parseRungFractions('0.11, 0.33,1')).toEqual([0.11, 0.33, 1]);
    expect(parseRungFractions('0.5,')).toEqual([0.5]);
  });

  it('rejects text that is not a list of numbers', () => {
    for (const bad of ['', ' , ', '0.5,half', 'Infinity']) {
      expect(() => parseRungFractions(bad)).toThrow(`"${bad}": expected comma-separated fractions`);
    }
  });
});
