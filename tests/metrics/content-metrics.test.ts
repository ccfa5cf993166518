import { describe, expect, it } from 'vitest';
import { contentF1 } from '../../src/metrics/content-f1.js';
import { contentRougeL } from '../../src/metrics/content-rouge-l.js';
import { contentTokens } from '../../src/metrics/content-tokens.js';
import { isNumberToken, lightNormalize } from '../../src/metrics/light-normalize.js';
import { tokenF1 } from '../../src/metrics/token-f1.js';
import { STOPWORD_ANSWER } from '../../src/metrics/trivial-answers.js';

const LONG_FORM = 'The tower was built by the company of Gustave Eiffel for the 1889 World Fair in Paris.';

describe('content_f1', () => {
  it('gives the stop-word string 0 against a long-form reference, where SQuAD F1 gives it 0.303', () => {
    expect(STOPWORD_ANSWER.split(' ')).toHaveLength(20);
    expect(contentF1({ prediction: STOPWORD_ANSWER, references: [LONG_FORM] })).toBe(0);
    // was, by, of, for, in shared out of 20 predicted and 13 reference tokens: 2·5/33.
    expect(tokenF1({ prediction: STOPWORD_ANSWER, references: [LONG_FORM] })).toBeCloseTo(10 / 33, 12);
  });
  it('scores an echoed question on its content words only', () => {
    const question = 'When did the Eiffel Tower open to the public?';
    const reference = 'The Eiffel Tower opened to the public in 1889.';
    // content: [eiffel, tower, open, public] vs [eiffel, tower, open, public, 1889] → P 1, R 4/5.
    expect(contentTokens(question)).toEqual(['eiffel', 'tower', 'open', 'public']);
    expect(contentF1({ prediction: question, references: [reference] })).toBeCloseTo(8 / 9, 12);
    expect(tokenF1({ prediction: question, references: [reference] })).toBeCloseTo(4 / 7, 12);
  });
  it('stems and takes the best reference', () => {
    expect(contentF1({ prediction: 'designed bridges', references: ['nothing alike', 'Bridge designs'] })).toBe(1);
  });
  it('compares stop-word-only references on SQuAD tokens, so the empty answer does not match "no"', () => {
    expect(contentF1({ prediction: '', references: ['no'] })).toBe(0);
    expect(contentF1({ prediction: 'No.', references: ['no'] })).toBe(1);
    expect(contentF1({ prediction: '', references: [] })).toBe(1);
  });
});

describe('content_rouge_l', () => {
  it('is order-aware on content tokens', () => {
    // [pari, built, tower] vs [tower, built, pari]: LCS 1 of 3 each side.
    expect(
      contentRougeL({ prediction: 'Paris built the tower', references: ['The tower was built in Paris'] }),
    ).toBeCloseTo(1 / 3, 12);
    expect(contentF1({ prediction: 'Paris built the tower', references: ['The tower was built in Paris'] })).toBe(1);
    expect(contentRougeL({ prediction: STOPWORD_ANSWER, references: [LONG_FORM] })).toBe(0);
  });
});

describe('light normalisation', () => {
  it('keeps signs and decimal points inside numbers', () => {
    expect(lightNormalize('GDP fell -3.7% (from 1,000.5)')).toBe('gdp fell -3.7 from 1,000.5');
    expect(lightNormalize('pages 3-7, the end.')).toBe('pages 3 7 end');
    expect(isNumberToken('-3.7')).toBe(true);
    expect(isNumberToken('covid19')).toBe(false);
  });
});
