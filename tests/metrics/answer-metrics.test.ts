import { describe, expect, it } from 'vitest';
import { answerContainment, containsNormalized } from '../../src/metrics/answer-containment.js';
import { exactMatch } from '../../src/metrics/exact-match.js';
import { answerTokens, normalizeAnswer } from '../../src/metrics/normalize-answer.js';
import { lcsLength, rougeL } from '../../src/metrics/rouge-l.js';
import { tokenF1 } from '../../src/metrics/token-f1.js';

describe('normalizeAnswer', () => {
  it('lower-cases, strips punctuation and articles, collapses whitespace', () => {
    expect(normalizeAnswer('  The  Eiffel Tower! ')).toBe('eiffel tower');
    expect(normalizeAnswer('An apple, a day')).toBe('apple day');
    expect(normalizeAnswer('well-known “quotes”')).toBe('wellknown quotes');
    expect(normalizeAnswer('theatre')).toBe('theatre'); // articles only as whole words
    expect(normalizeAnswer('Éthe the Á')).toBe('éthe á');
  });
  it('gives no tokens for empty or article-only text', () => {
    expect(answerTokens('')).toEqual([]);
    expect(answerTokens('The.')).toEqual([]);
    expect(answerTokens('the cat sat')).toEqual(['cat', 'sat']);
  });
});

describe('exactMatch', () => {
  it('matches after normalisation', () => {
    expect(exactMatch({ prediction: 'The Eiffel Tower', references: ['eiffel tower'] })).toBe(1);
    expect(exactMatch({ prediction: 'Eiffel Tower in Paris', references: ['The Eiffel Tower'] })).toBe(0);
  });
  it('takes the best reference', () => {
    expect(exactMatch({ prediction: 'Paris', references: ['London', 'paris.'] })).toBe(1);
  });
  it('treats no references as unanswerable', () => {
    expect(exactMatch({ prediction: '', references: [] })).toBe(1);
    expect(exactMatch({ prediction: 'x', references: [] })).toBe(0);
  });
});

describe('tokenF1', () => {
  it('computes SQuAD F1 on partial overlap', () => {
    // [cat, sat, on, mat] vs [cat, on, mat]: common 3, P = 3/4, R = 1, F1 = 6/7.
    expect(tokenF1({ prediction: 'the cat sat on the mat', references: ['a cat on a mat'] })).toBeCloseTo(6 / 7, 10);
  });
  it('takes the max over references', () => {
    expect(tokenF1({ prediction: 'the cat sat on the mat', references: ['dog', 'a cat on a mat'] })).toBeCloseTo(
      6 / 7,
      10,
    );
  });
  it('counts repeated tokens as a multiset', () => {
    // [paris, paris] vs [paris]: common 1, P = 1/2, R = 1, F1 = 2/3.
    expect(tokenF1({ prediction: 'Paris Paris', references: ['Paris'] })).toBeCloseTo(2 / 3, 10);
  });
  it('handles empty sides', () => {
    expect(tokenF1({ prediction: '', references: [''] })).toBe(1);
    expect(tokenF1({ prediction: 'The', references: ['a'] })).toBe(1);
    expect(tokenF1({ prediction: '', references: ['x'] })).toBe(0);
    expect(tokenF1({ prediction: 'x', references: [] })).toBe(0);
    expect(tokenF1({ prediction: '', references: [] })).toBe(1);
    expect(tokenF1({ prediction: 'x y', references: ['z'] })).toBe(0);
  });
});

describe('answerContainment', () => {
  it('finds a reference inside a verbose answer', () => {
    expect(answerContainment({ prediction: 'It was completed in 1889, by Eiffel.', references: ['1889'] })).toBe(1);
    expect(answerContainment({ prediction: 'Designed by Gustave Eiffel', references: ['the Gustave Eiffel'] })).toBe(1);
  });
  it('matches on token boundaries only', () => {
    expect(answerContainment({ prediction: 'party time', references: ['art'] })).toBe(0);
    expect(containsNormalized({ haystack: 'party time', needle: 'party' })).toBe(true);
  });
  it('ignores references that normalise to nothing', () => {
    expect(answerContainment({ prediction: 'anything', references: ['the', ''] })).toBe(0);
    expect(answerContainment({ prediction: 'anything', references: [] })).toBe(0);
  });
});

describe('rougeL', () => {
  it('computes LCS lengths', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toBe(3);
    expect(lcsLength([], ['a'])).toBe(0);
  });
  it('computes the F-measure by hand', () => {
    // [police, killed, gunman] vs [police, kill, gunman]: LCS 2, P = R = 2/3.
    expect(rougeL({ prediction: 'police killed the gunman', references: ['police kill the gunman'] })).toBeCloseTo(
      2 / 3,
      10,
    );
    // [w, x, y, z] vs [w, y, q]: LCS 2, P = 1/2, R = 2/3, F = 4/7.
    expect(rougeL({ prediction: 'w x y z', references: ['w y q'] })).toBeCloseTo(4 / 7, 10);
    // Order matters, unlike F1: [gunman, kill, police] vs [police, kill, gunman]: LCS 1.
    expect(rougeL({ prediction: 'the gunman kill police', references: ['police kill the gunman'] })).toBeCloseTo(
      1 / 3,
      10,
    );
  });
  it('takes the max over references and handles empty sides', () => {
    expect(rougeL({ prediction: 'w x y z', references: ['q', 'w y q'] })).toBeCloseTo(4 / 7, 10);
    expect(rougeL({ prediction: '', references: [''] })).toBe(1);
    expect(rougeL({ prediction: 'x', references: [''] })).toBe(0);
  });
});
