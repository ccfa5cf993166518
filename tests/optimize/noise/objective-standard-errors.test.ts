import { describe, expect, it } from 'vitest';
import { objectiveStandardErrors } from '../../../src/optimize/noise/objective-standard-errors.js';
import type { Objective } from '../../../src/optimize/proposers/proposer.js';
import type { QuestionResult } from '../../../src/store/trial.js';
import { makeQuestion } from '../../store/store-contract.js';

const OBJECTIVES: Objective[] = [
  { name: 'quality', metric: 'f1', direction: 'max' },
  { name: 'retrieval', metric: 'recall_at_k', direction: 'max' },
  { name: 'latency', metric: 'latency_p95_ms', direction: 'min' },
  { name: 'cost', metric: 'cost_usd_per_query', direction: 'min' },
  { name: 'index_build', metric: 'index_build_ms', direction: 'min' },
];

function question(id: string, f1: number, recall: number | null, latencyMs: number): QuestionResult {
  const q = makeQuestion(id, f1);
  return {
    ...q,
    scores: { ...q.scores, recall_at_k: recall },
    latencyMs,
    usage: { promptTokens: 10, completionTokens: 2, costUsd: 0.001 },
  };
}

describe('objectiveStandardErrors', () => {
  const questions = [
    question('a', 0.2, 1, 3),
    question('b', 0.4, 0, 4),
    question('c', 0.6, 1, 5),
    question('d', 0.8, null, 40),
  ];
  const se = objectiveStandardErrors({ questions, objectives: OBJECTIVES });

  it('gives the SE of the mean of per-question values, skipping questions a metric does not apply to', () => {
    // f1: sample SD 0.2582 over √4.
    expect(se.quality).toBeCloseTo(Math.sqrt(0.2 / 3 / 4), 12);
    // recall over 3 questions (1, 0, 1): sample variance 1/3, SE 1/3.
    expect(se.retrieval).toBeCloseTo(1 / 3, 12);
    expect(se.cost).toBe(0);
    // No per-question values: unknown, not 0.
    expect(se.index_build).toBeNull();
  });

  it('gives a seeded bootstrap SE for a percentile latency, the same on every call', () => {
    expect(se.latency).toBe(objectiveStandardErrors({ questions, objectives: OBJECTIVES }).latency);
    // p95 of (3, 4, 5, 40) ms is 34.45; resamples without the 40 ms question (about 32% of them)
    // fall to at most 5 ms, so the SE is large: 14.98 ms with 500 resamples, seed 0.
    expect(se.latency).toBeCloseTo(14.9833, 3);
    const steady = [3, 3, 3, 3].map((ms, i) => question(`q${i}`, 0.5, 1, ms));
    expect(objectiveStandardErrors({ questions: steady, objectives: OBJECTIVES }).latency).toBe(0);
    expect(objectiveStandardErrors({ questions: steady.slice(0, 1), objectives: OBJECTIVES })).toEqual({
      quality: null,
      retrieval: null,
      latency: null,
      cost: null,
      index_build: null,
    });
  });
});
