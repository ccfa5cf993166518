import { describe, expect, it } from 'vitest';
import { faithfulness } from '../../src/metrics/faithfulness.js';

describe('faithfulness', () => {
  const context = "France's capital city is Paris, on the Seine.";
  it('is 1 when every content term is in the context (stemmed, stopwords ignored)', () => {
    expect(faithfulness({ answer: 'The capitals of France: Paris.', context })).toBe(1);
  });
  it('is the share of distinct supported terms', () => {
    // paris, capital, germany: two of three supported.
    expect(faithfulness({ answer: 'Paris is the capital of Germany, Germany!', context })).toBeCloseTo(2 / 3, 10);
  });
  it('is null when there is nothing to check', () => {
    expect(faithfulness({ answer: null, context })).toBeNull();
    expect(faithfulness({ answer: '', context })).toBeNull();
    expect(faithfulness({ answer: 'It is.', context })).toBeNull();
  });
  it('is 0 against an empty context', () => {
    expect(faithfulness({ answer: 'Paris', context: '' })).toBe(0);
  });
});
