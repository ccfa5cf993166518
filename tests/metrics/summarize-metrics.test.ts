import { describe, expect, it } from 'vitest';
import type { QuestionScores } from '../../src/metrics/score-question.js';
import {
  describeMetric,
  METRIC_DESCRIPTIONS,
  summarizeMetrics,
  type ScoredQuestion,
} from '../../src/metrics/summarize-metrics.js';

const scores = (overrides: Partial<QuestionScores>): QuestionScores => ({
  exact_match: null,
  f1: null,
  containment: null,
  rouge_l: null,
  content_f1: null,
  content_rouge_l: null,
  recall_at_k: null,
  precision_at_k: null,
  mrr: null,
  ndcg_at_k: null,
  hit_rate: null,
  recall_at_context: null,
  precision_at_context: null,
  mrr_at_context: null,
  ndcg_at_context: null,
  hit_at_context: null,
  faithfulness: null,
  ...overrides,
});

const questions: ScoredQuestion[] = [
  {
    scores: scores({ f1: 1, recall_at_k: 0.5, recall_at_context: 0.25 }),
    latencyMs: 100,
    stageLatencyMs: { retrieve: 10, generate: 80 },
    usage: { promptTokens: 100, completionTokens: 20, costUsd: 0.001 },
    contextChunks: 2,
  },
  {
    scores: scores({ f1: 0.5 }),
    latencyMs: 300,
    stageLatencyMs: { retrieve: 30 },
    usage: { promptTokens: 200, completionTokens: 40, costUsd: 0.003 },
    contextChunks: 5,
  },
];

describe('summarizeMetrics', () => {
  it('averages non-null scores and leaves all-null metrics null', () => {
    const summary = summarizeMetrics({ perQuestion: questions, indexBuildMs: 1234, indexBytes: 5678, k: 5 });
    expect(summary.f1).toBe(0.75);
    expect(summary.recall_at_k).toBe(0.5); // one question had it
    expect(summary.recall_at_context).toBe(0.25);
    expect(summary.context_chunks).toBe(3.5);
    expect(summary.exact_match).toBeNull();
    expect(summary.latency_p50_ms).toBe(200);
    expect(summary.latency_p95_ms).toBeCloseTo(290, 10);
    expect(summary.latency_mean_ms).toBe(200);
    expect(summary.stage_retrieve_p50_ms).toBe(20);
    expect(summary.stage_generate_p50_ms).toBe(80);
    expect(summary.index_build_ms).toBe(1234);
    expect(summary.index_bytes).toBe(5678);
    expect(summary.tokens_per_query).toBe(180);
    expect(summary.cost_usd_per_query).toBeCloseTo(0.002, 12);
    expect(summary.questions).toBe(2);
  });
  it('has exactly the documented keys plus stage keys (judge keys only in a judged run, rerank counts only with a model reranker, dense search keys added by the pipeline runner)', () => {
    const summary = summarizeMetrics({ perQuestion: questions });
    const addedLater = /^(judge_|rerank_|dense_search_exact$|ann_recall$)/;
    expect(Object.keys(summary).sort()).toEqual(
      [
        ...Object.keys(METRIC_DESCRIPTIONS).filter((k) => !addedLater.test(k)),
        'stage_retrieve_p50_ms',
        'stage_generate_p50_ms',
      ].sort(),
    );
    expect(summary.index_build_ms).toBeNull();
    expect(summary.index_bytes).toBeNull();
  });
  it('counts model-reranker fallbacks and repaired rankings per question', () => {
    const statuses = ['fallback', 'repaired', 'fallback', 'ok'] as const;
    const summary = summarizeMetrics({ perQuestion: statuses.map((rerank) => ({ ...questions[0], rerank })) });
    expect(summary.rerank_fallbacks).toBe(2);
    expect(summary.rerank_repairs).toBe(1);
    expect(summary.failed_questions).toBe(0);
  });
  it('reports unknown cost as null, never as a partial sum', () => {
    const unknown = [...questions, { ...questions[0], usage: { promptTokens: 1, completionTokens: 1, costUsd: null } }];
    expect(summarizeMetrics({ perQuestion: unknown }).cost_usd_per_query).toBeNull();
  });
  it('counts failed questions, leaves them out of latency and retry wait, and keeps what they spent in cost', () => {
    const failed: ScoredQuestion = {
      scores: scores({ f1: 0, recall_at_k: 0 }),
      latencyMs: 0,
      stageLatencyMs: { retrieve: 0, generate: 0 },
      usage: { promptTokens: 1000, completionTokens: 500, costUsd: 0.0005 },
      failed: true,
      retryWaitMs: 9000,
    };
    const summary = summarizeMetrics({ perQuestion: [{ ...questions[0], retryWaitMs: 1200 }, questions[1], failed] });
    expect(summary.questions).toBe(3);
    expect(summary.failed_questions).toBe(1);
    expect(summary.f1).toBe(0.5); // (1 + 0.5 + 0) / 3: the failure counts as a wrong answer
    expect(summary.recall_at_k).toBe(0.25);
    // Percentiles of the two answered questions only (100, 300): the failure's 0 ms would pull them down.
    expect(summary.latency_p50_ms).toBe(200);
    expect(summary.latency_p95_ms).toBeCloseTo(290, 10);
    expect(summary.latency_mean_ms).toBe(200);
    expect(summary.stage_retrieve_p50_ms).toBe(20);
    expect(summary.retry_wait_ms).toBe(600); // (1200 + 0) / 2 answered questions
    expect(summary.tokens_per_query).toBe((120 + 240 + 1500) / 3);
    expect(summary.cost_usd_per_query).toBeCloseTo((0.001 + 0.003 + 0.0005) / 3, 15);
  });
  it('with every question failed, latency is unknown (null), not 0', () => {
    const summary = summarizeMetrics({ perQuestion: questions.map((q) => ({ ...q, failed: true })) });
    expect(summary.failed_questions).toBe(2);
    expect([summary.latency_p50_ms, summary.latency_p95_ms, summary.latency_mean_ms, summary.retry_wait_ms]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
  it('handles no questions', () => {
    const summary = summarizeMetrics({ perQuestion: [] });
    expect(summary.questions).toBe(0);
    expect(summary.failed_questions).toBe(0);
    expect(summary.context_chunks).toBeNull();
    expect(summary.f1).toBeNull();
    expect(summary.latency_p50_ms).toBeNull();
    expect(summary.tokens_per_query).toBeNull();
    expect(summary.cost_usd_per_query).toBeNull();
  });
});

describe('metric descriptions', () => {
  it('describes fixed and stage keys with a direction', () => {
    expect(describeMetric('f1')?.direction).toBe('max');
    expect(describeMetric('cost_usd_per_query')?.direction).toBe('min');
    expect(describeMetric('stage_rerank_p50_ms')).toEqual({
      description: expect.stringContaining('rerank'),
      direction: 'min',
    });
    expect(describeMetric('nope')).toBeUndefined();
    expect(describeMetric('toString')).toBeUndefined();
  });
});
