import { describe, expect, it } from 'vitest';
import {
  documentFrequencies,
  minMaxNormalize,
  phraseMatchScore,
  proximityScore,
  questionTermWeights,
  weightedCoverage,
} from '../../../src/providers/local/lexical-signals.js';

describe('lexical signals', () => {
  it('weights coverage by IDF so rare question terms count more', () => {
    const docs = [
      ['port', 'default'],
      ['port', 'admin'],
      ['port', 'tls'],
    ];
    const weights = questionTermWeights({
      questionTerms: ['default', 'port'],
      frequencies: documentFrequencies(docs),
      documentCount: docs.length,
    });
    expect(weights.get('default')!).toBeGreaterThan(weights.get('port')!);
    expect(weightedCoverage({ weights, documentTerms: new Set(['default']) })).toBeGreaterThan(0.5);
    expect(weightedCoverage({ weights, documentTerms: new Set(['port', 'default']) })).toBe(1);
    // Terms found only in framing context (a heading) earn half credit.
    const viaContext = weightedCoverage({
      weights,
      documentTerms: new Set(['port']),
      contextTerms: new Set(['default']),
    });
    const without = weightedCoverage({ weights, documentTerms: new Set(['port']) });
    expect(viaContext).toBeGreaterThan(without);
    expect(viaContext).toBeLessThan(1);
  });

  it('scores proximity by the smallest window covering the matched terms', () => {
    const q = new Set(['rotat', 'sign', 'kei']);
    expect(proximityScore({ questionTerms: q, documentTerms: ['rotat', 'sign', 'kei', 'run'] })).toBe(1);
    const far = proximityScore({ questionTerms: q, documentTerms: ['sign', 'a', 'b', 'c', 'rotat', 'd', 'e', 'kei'] });
    expect(far).toBeCloseTo(3 / 8, 10);
    // The window search finds the tight occurrence even after a loose one.
    expect(proximityScore({ questionTerms: q, documentTerms: ['sign', 'x', 'x', 'x', 'rotat', 'sign', 'kei'] })).toBe(
      1,
    );
    expect(proximityScore({ questionTerms: q, documentTerms: ['sign', 'x'] })).toBe(0);
    expect(proximityScore({ questionTerms: new Set(['port']), documentTerms: ['the', 'port'] })).toBe(1);
  });

  it('matches question bigrams and trigrams contiguously', () => {
    expect(
      phraseMatchScore({ questionSequence: ['rotat', 'sign', 'kei'], documentTerms: ['rotat', 'sign', 'kei'] }),
    ).toBe(1);
    expect(
      phraseMatchScore({ questionSequence: ['rotat', 'sign', 'kei'], documentTerms: ['sign', 'kei', 'rotat'] }),
    ).toBeCloseTo(1 / 4, 10);
    expect(phraseMatchScore({ questionSequence: ['port'], documentTerms: ['port'] })).toBe(0);
  });

  it('min-max normalises, mapping constant input to a fixed value', () => {
    expect(minMaxNormalize([2, 4, 3])).toEqual([0, 1, 0.5]);
    expect(minMaxNormalize([5, 5], 0)).toEqual([0, 0]);
  });
});
