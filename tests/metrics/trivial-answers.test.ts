import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { scoreTrivialAnswers, trivialAnswerWarning } from '../../src/metrics/trivial-answers.js';

const questions: QaItem[] = [
  {
    id: '1',
    question: 'When did the Eiffel Tower open to the public?',
    answers: ['The Eiffel Tower opened to the public in 1889.'],
  },
  { id: '2', question: 'Who designed it?', answers: ['It was designed by the company of Gustave Eiffel.'] },
  { id: '3', question: 'No references here', answers: [] },
];

describe('scoreTrivialAnswers', () => {
  it('scores the empty, echoed and stop-word answers with the given metric, skipping questions without references', () => {
    const content = scoreTrivialAnswers({ questions, metric: 'content_f1' });
    // echo: 8/9 on the first (see content-metrics), 0.4 on the second ([design] vs [design, compani, gustav, eiffel]).
    expect(content).toEqual({
      metric: 'content_f1',
      questions: 2,
      scores: { empty: 0, echo: expect.closeTo((8 / 9 + 0.4) / 2, 12), stopwords: 0 },
    });
    // SQuAD F1 rewards the filler: 19 tokens ("the" is dropped) share to/in with the first reference
    // (2·2/(19+7)) and it/was/by/of with the second (2·4/(19+8)).
    const squad = scoreTrivialAnswers({ questions, metric: 'f1' })!;
    expect(squad.scores.empty).toBe(0);
    expect(squad.scores.stopwords).toBeCloseTo((4 / 26 + 8 / 27) / 2, 12);
    expect(squad.scores.echo).toBeCloseTo((4 / 7 + 4 / 11) / 2, 12);
  });
  it('is null for a metric that needs an LLM, or without references', () => {
    expect(scoreTrivialAnswers({ questions, metric: 'judge_correctness' })).toBeNull();
    expect(scoreTrivialAnswers({ questions: [questions[2]], metric: 'f1' })).toBeNull();
  });
});

describe('trivialAnswerWarning', () => {
  const trivial = { metric: 'f1', questions: 10, scores: { empty: 0, echo: 0.203, stopwords: 0.15 } };
  it('warns when the highest trivial answer reaches the best, naming it and the figures', () => {
    expect(trivialAnswerWarning({ trivial, pipelines: [{ label: 'best configuration', value: 0.112 }] })).toBe(
      'the question echoed scores 0.203 on f1, at or above the best configuration (0.112): f1 does not tell real answers from filler on this dataset; ' +
        'use content_f1 (--objectives content_f1,retrieval,latency,cost) or check answers with an LLM judge (tune-rag run --judge)',
    );
  });
  it('falls back to the baseline, and is null when every pipeline is above', () => {
    expect(
      trivialAnswerWarning({
        trivial,
        pipelines: [
          { label: 'best configuration', value: 0.5 },
          { label: 'baseline', value: 0.2 },
        ],
      }),
    ).toMatch(/^the question echoed scores 0\.203 on f1, at or above the baseline \(0\.200\)/);
    expect(
      trivialAnswerWarning({
        trivial,
        pipelines: [
          { label: 'best configuration', value: 0.5 },
          { label: 'baseline', value: 0.21 },
        ],
      }),
    ).toBeNull();
    expect(trivialAnswerWarning({ trivial, pipelines: [{ label: 'best configuration', value: null }] })).toBeNull();
  });
});
