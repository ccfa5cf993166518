// Figures the store contract suites store and read back (shared by both contract files).
import { expect } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import type { QuestionResult, RungResult } from '../../src/store/trial.js';

/** A rung result whose figures are derived from `value`, so different rungs are distinguishable. */
export function makeRung(rung: number, value: number): RungResult {
  return {
    rung,
    questions: 2 * (rung + 1),
    metrics: { f1: value, latency_p50_ms: 100 * value, cost_usd_per_query: null },
    objectives: { quality: value, latency: 100 * value, cost: null },
  };
}

export function makeQuestion(id: string, value: number, error?: string): QuestionResult {
  const result: QuestionResult = {
    questionId: id,
    scores: {
      exact_match: value > 0.5 ? 1 : 0,
      f1: value,
      containment: null,
      rouge_l: value,
      recall_at_k: 1,
      precision_at_k: 0.2,
      mrr: 0.5,
      ndcg_at_k: 0.63,
      hit_rate: 1,
      faithfulness: null,
    },
    answer: value > 0 ? `answer ${id}` : null,
    retrieved: [`doc-${id}:0-120`, `doc-x:40-200`],
    latencyMs: 12.5 * value,
    usage: { promptTokens: 100, completionTokens: 7, costUsd: value > 0.5 ? 0.0001 : null },
  };
  if (error !== undefined) result.error = error;
  return result;
}

/** Asserts that `fn` throws the store's error type (code 'store') with a message matching `pattern`. */
export function expectStoreError(fn: () => unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TuneRagError);
  expect((thrown as TuneRagError).code).toBe('store');
  expect((thrown as TuneRagError).message).toMatch(pattern);
}
