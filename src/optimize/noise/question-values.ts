import type { QuestionValue } from '../../metrics/paired-comparison.js';
import type { QuestionResult } from '../../store/trial.js';

/**
 * One question's value of a summary metric, or null when the metric has no per-question value
 * (index build time, judge metrics) or does not apply to the question. Score metrics come from
 * the question's scores, latency metrics from its end-to-end latency, cost and tokens from its
 * usage: the same inputs summarizeMetrics aggregates, so a per-question SE matches the figure.
 */
export function questionValue(question: QuestionResult, metric: string): number | null {
  if (Object.hasOwn(question.scores, metric)) return (question.scores as Record<string, number | null>)[metric] ?? null;
  if (/^latency_(p\d+|mean)_ms$/.test(metric)) return question.latencyMs;
  if (metric === 'cost_usd_per_query') return question.usage.costUsd;
  if (metric === 'tokens_per_query') return question.usage.promptTokens + question.usage.completionTokens;
  return null;
}

/** Every question's value of `metric`, keyed by question id (input for paired comparisons). */
export function questionValues(options: { questions: readonly QuestionResult[]; metric: string }): QuestionValue[] {
  return options.questions.map((q) => ({ questionId: q.questionId, value: questionValue(q, options.metric) }));
}
