import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { chooseQualityMetric, LONG_FORM_MIN_TOKENS } from '../../src/metrics/quality-metric.js';

const item = (id: string, answers: string[]): QaItem => ({ id, question: 'q', answers });

describe('chooseQualityMetric', () => {
  it('uses token F1 for short extractive answers', () => {
    const choice = chooseQualityMetric({
      questions: [item('1', ['1889']), item('2', ['Gustave Eiffel', 'Eiffel']), item('3', ['the MIT license'])],
    });
    expect(choice).toEqual({
      metric: 'f1',
      medianReferenceTokens: 2,
      reason: 'reference answers have a median of 2 content tokens (< 6: short extractive), so quality is f1',
    });
  });
  it('uses content F1 for long-form answers, at the threshold', () => {
    expect(LONG_FORM_MIN_TOKENS).toBe(6);
    const long = [
      item('1', ['The tower was built by the company of Gustave Eiffel for the 1889 World Fair.']), // 8 content tokens
      item('2', ['Patients should take the tablets twice daily with food and water.']), // 6
      item('3', ['Yes']), // 1
      item('4', ['The server restarts after each configuration change is saved to disk.']), // 6
    ];
    expect(chooseQualityMetric({ questions: long })).toMatchObject({ metric: 'content_f1', medianReferenceTokens: 6 });
    // One content token fewer on the last one: median 5.5, just below.
    long[3] = item('4', ['The server restarts after each configuration change is saved.']);
    expect(chooseQualityMetric({ questions: long })).toMatchObject({ metric: 'f1', medianReferenceTokens: 5.5 });
  });
  it("takes each question's longest reference and ignores questions without answers", () => {
    const choice = chooseQualityMetric({
      questions: [item('1', ['Eiffel', 'one two three four five six']), item('2', [])],
    });
    expect(choice).toMatchObject({ metric: 'content_f1', medianReferenceTokens: 6 });
    expect(chooseQualityMetric({ questions: [item('1', [])] })).toMatchObject({
      metric: 'f1',
      medianReferenceTokens: 0,
    });
  });
});
