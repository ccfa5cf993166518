import { describe, expect, it } from 'vitest';
import { QUESTION_SCORE_KEYS, type QuestionScores } from '../../src/metrics/score-question.js';
import { describeFailures } from '../../src/optimize/failure-analysis.js';
import { describeFailureStages, failureStage } from '../../src/optimize/failure-stages.js';
import type { QuestionResult } from '../../src/store/trial.js';
import { makeTrial } from './fixtures.js';

function result(
  id: string,
  scores: { f1: number | null; hit_rate: number | null; hit_at_context: number | null },
  answer: string | null = 'Paris',
  error?: string,
): QuestionResult {
  const all = Object.fromEntries(QUESTION_SCORE_KEYS.map((k) => [k, null])) as QuestionScores;
  return {
    questionId: id,
    scores: { ...all, ...scores },
    answer,
    retrieved: [],
    latencyMs: 1,
    usage: { promptTokens: 0, completionTokens: 0 } as QuestionResult['usage'],
    ...(error ? { error } : {}),
  };
}

const RESULTS: QuestionResult[] = [
  result('right', { f1: 0.9, hit_rate: 1, hit_at_context: 1 }),
  result('missed', { f1: 0, hit_rate: 0, hit_at_context: 0 }),
  result('missed2', { f1: 0.2, hit_rate: 0, hit_at_context: 0 }),
  result('cut', { f1: 0, hit_rate: 1, hit_at_context: 0 }),
  result('half-cut', { f1: 0.1, hit_rate: 1, hit_at_context: 0.5 }),
  result('misread', { f1: 0.3, hit_rate: 1, hit_at_context: 1 }),
  result('old-misread', { f1: 0, hit_rate: 1, hit_at_context: null }),
  result('abstained', { f1: 0, hit_rate: 1, hit_at_context: 1 }, "I don't know."),
  result('empty', { f1: 0, hit_rate: 0.5, hit_at_context: 0.5 }, ''),
  result('declined', { f1: 0, hit_rate: null, hit_at_context: null }, null, 'openai:gpt-4o: the model refused: no'),
  result('crashed', { f1: 0, hit_rate: null, hit_at_context: null }, null, 'HTTP 500 after 6 attempts'),
  result('no-reference', { f1: null, hit_rate: 0, hit_at_context: 0 }),
];

describe('failure taxonomy by stage', () => {
  it('puts each wrong answer at the first stage that lost it', () => {
    expect(RESULTS.map((r) => [r.questionId, failureStage(r)])).toEqual([
      ['right', null],
      ['missed', 'not retrieved'],
      ['missed2', 'not retrieved'],
      ['cut', 'cut from the context'],
      ['half-cut', 'cut from the context'],
      ['misread', 'answered wrong'],
      ['old-misread', 'answered wrong'],
      ['abstained', 'refused'],
      ['empty', 'refused'],
      ['declined', 'refused'],
      ['crashed', 'failed'],
      ['no-reference', null],
    ]);
  });

  it('counts the stages in one line of the agent’s failure analysis', () => {
    const line =
      '- wrong answers by stage, of 12 questions: evidence not retrieved 2 · retrieved but cut from the context 2 · in context but answered wrong 2 · refused 3 · failed with an error 1';
    expect(describeFailureStages({ results: RESULTS })).toBe(line);
    const analysis = describeFailures({
      trial: makeTrial({ number: 4, config: {} }),
      results: RESULTS,
      questions: new Map(),
    });
    expect(analysis?.split('\n').slice(0, 2)).toEqual(['Trial #4 on 12 questions:', line]);
  });
});
