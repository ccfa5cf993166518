import type { Usage } from '../accounting/usage.js';
import { percentile } from '../stats/percentile.js';
import { QUESTION_SCORE_KEYS, type QuestionScores } from './score-question.js';

/** What one question of a trial produced, as input to {@link summarizeMetrics}. */
export interface ScoredQuestion {
  scores: QuestionScores;
  /** End-to-end latency of the question (recorded figure, so warm and cold trials agree). */
  latencyMs: number;
  /** Latency per stage name (e.g. retrieve, rerank, generate) for this question. */
  stageLatencyMs: Record<string, number>;
  /** Everything spent on the question, including paid calls of a question that then failed. */
  usage: Usage;
  /** The pipeline failed on this question (its scores are already the failure's zeros). */
  failed?: boolean;
  /** Time its LLM calls lost to failed attempts and back-off (ms); not part of latency. */
  retryWaitMs?: number;
  /** Chunks that entered the generator's context; omitted when the caller has no context. */
  contextChunks?: number;
  /** What a model reranker did (ok / repaired ranking / failed, first-stage order used); omitted otherwise. */
  rerank?: 'ok' | 'repaired' | 'fallback';
}

/**
 * A trial's metrics as one flat record, the shape objectives, tables and the store read.
 * Keys are those of {@link METRIC_DESCRIPTIONS} plus `stage_<name>_p50_ms` per stage; null means
 * "not applicable or unknown", never 0.
 */
export type MetricsSummary = Record<string, number | null>;

/** Meaning and preferred direction of a summary metric. */
export interface MetricDescription {
  description: string;
  direction: 'max' | 'min';
}

/** One-line description and direction of every fixed summary key, in display order. */
export const METRIC_DESCRIPTIONS = {
  exact_match: { description: 'Share of answers equal to a reference after SQuAD normalisation', direction: 'max' },
  f1: { description: 'Token-overlap F1 between answer and best reference (SQuAD)', direction: 'max' },
  containment: { description: 'Share of answers that contain a reference answer', direction: 'max' },
  rouge_l: {
    description: 'ROUGE-L F-measure (longest common subsequence) against the best reference',
    direction: 'max',
  },
  content_f1: {
    description: 'Token F1 on content tokens (stop-words and punctuation removed, stemmed) against the best reference',
    direction: 'max',
  },
  content_rouge_l: { description: 'ROUGE-L F-measure on content tokens against the best reference', direction: 'max' },
  recall_at_k: {
    description: 'Share of gold spans/documents covered by the top k chunks after rerank (the generator may see fewer)',
    direction: 'max',
  },
  precision_at_k: { description: 'Share of the top k chunks that are relevant (divided by k)', direction: 'max' },
  mrr: { description: 'Mean reciprocal rank of the first relevant chunk within the top k', direction: 'max' },
  ndcg_at_k: { description: 'Normalised discounted cumulative gain of the top k (binary relevance)', direction: 'max' },
  hit_rate: { description: 'Share of questions with at least one relevant chunk in the top k', direction: 'max' },
  recall_at_context: {
    description:
      "Share of gold spans/documents covered by the chunks in the generator's context (after rerank and packing; a cut chunk by the part kept)",
    direction: 'max',
  },
  precision_at_context: {
    description: "Share of the chunks in the generator's context that are relevant",
    direction: 'max',
  },
  mrr_at_context: {
    description: "Mean reciprocal rank of the first relevant chunk in the generator's context",
    direction: 'max',
  },
  ndcg_at_context: {
    description:
      "Normalised discounted cumulative gain of the generator's context (binary relevance, cutoff = chunks in context)",
    direction: 'max',
  },
  hit_at_context: {
    description: "Share of questions with at least one relevant chunk in the generator's context",
    direction: 'max',
  },
  context_chunks: {
    description: "Mean number of chunks that entered the generator's context (top k packed to context.max_tokens)",
    direction: 'max',
  },
  faithfulness: { description: "Share of the answer's content terms found in the retrieved context", direction: 'max' },
  latency_p50_ms: {
    description: 'Median end-to-end latency per answered question (ms; LLM calls: the successful attempt)',
    direction: 'min',
  },
  latency_p95_ms: {
    description: '95th percentile end-to-end latency per answered question (ms; failed questions left out)',
    direction: 'min',
  },
  latency_mean_ms: { description: 'Mean end-to-end latency per answered question (ms)', direction: 'min' },
  retry_wait_ms: {
    description: 'Mean time per answered question lost to failed LLM attempts and back-off (ms), not in latency',
    direction: 'min',
  },
  index_build_ms: { description: 'Time to build the index (chunk, embed, index) (ms)', direction: 'min' },
  index_bytes: { description: 'Size of the built index (bytes)', direction: 'min' },
  tokens_per_query: { description: 'Mean prompt + completion tokens per question', direction: 'min' },
  cost_usd_per_query: {
    description: 'Mean money spent per question (USD); null when a price is unknown',
    direction: 'min',
  },
  questions: { description: 'Number of questions evaluated', direction: 'max' },
  failed_questions: {
    description: 'Questions whose pipeline failed (they score 0 on every metric that applies)',
    direction: 'min',
  },
  judge_correctness: {
    description: 'LLM judge: mean correctness of the answer against the references (0..1)',
    direction: 'max',
  },
  judge_faithfulness: {
    description: 'LLM judge: mean support of the answer by the retrieved context (0..1)',
    direction: 'max',
  },
  judge_cost_usd_per_query: {
    description: 'Money the LLM judge spent per question (USD), counted apart from the pipeline',
    direction: 'min',
  },
  judge_tokens_per_query: { description: 'Tokens the LLM judge used per question', direction: 'min' },
  judge_failures: { description: 'Questions whose verdict stayed invalid after repair', direction: 'min' },
  rerank_fallbacks: {
    description:
      'Questions whose model reranker failed, so the first-stage order was used (present with a model reranker)',
    direction: 'min',
  },
  rerank_repairs: {
    description:
      'Questions whose model reranker returned numbers out of range, repeated or missing, repaired (present with a model reranker)',
    direction: 'min',
  },
  dense_search_exact: {
    description:
      'Dense vectors searched by an exact scan (1) or an HNSW graph (0), as the cost model chose (present with dense retrieval)',
    direction: 'max',
  },
  ann_recall: {
    description:
      "Share of exact search's top k the HNSW graph also returned, on the first 100 questions (present when HNSW was used)",
    direction: 'max',
  },
} as const satisfies Record<string, MetricDescription>;

export type FixedMetricKey = keyof typeof METRIC_DESCRIPTIONS;

const STAGE_KEY = /^stage_(.+)_p50_ms$/;

/** Description of any summary key, including `stage_<name>_p50_ms`; undefined for unknown keys. */
export function describeMetric(key: string): MetricDescription | undefined {
  if (Object.hasOwn(METRIC_DESCRIPTIONS, key)) return METRIC_DESCRIPTIONS[key as FixedMetricKey];
  const stage = STAGE_KEY.exec(key);
  return stage
    ? { description: `Median latency of the ${stage[1]} stage per question (ms)`, direction: 'min' }
    : undefined;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Aggregate per-question outcomes into a {@link MetricsSummary}. Score means skip questions whose
 * score is null and are null when no question has one (a failed question's applicable scores
 * are 0, so it counts). Latency percentiles, stage p50s and `retry_wait_ms` use the answered
 * questions only: a failed question's 0 ms would make a failing configuration look fast. Tokens
 * and cost average over every question, failed ones included with what they spent. Cost is null
 * when any question's cost is unknown (a partial sum would understate it). With no questions
 * every aggregate is null and `questions` and `failed_questions` are 0.
 *
 * @param options.k the cutoff the `_at_k` scores were computed with; accepted for call-site
 *   clarity, it does not change the keys (they say `_at_k`, not `_at_5`).
 */
export function summarizeMetrics(options: {
  perQuestion: readonly ScoredQuestion[];
  indexBuildMs?: number;
  indexBytes?: number;
  k?: number;
}): MetricsSummary {
  const { perQuestion } = options;
  const summary: MetricsSummary = {};
  for (const key of QUESTION_SCORE_KEYS) {
    summary[key] = mean(perQuestion.map((q) => q.scores[key]).filter((value): value is number => value !== null));
  }
  const answered = perQuestion.filter((q) => !q.failed);
  const latencies = answered.map((q) => q.latencyMs);
  summary.latency_p50_ms = percentile({ values: latencies, p: 50 });
  summary.latency_p95_ms = percentile({ values: latencies, p: 95 });
  summary.latency_mean_ms = mean(latencies);
  summary.retry_wait_ms = mean(answered.map((q) => q.retryWaitMs ?? 0));
  summary.index_build_ms = options.indexBuildMs ?? null;
  summary.index_bytes = options.indexBytes ?? null;
  summary.tokens_per_query = mean(perQuestion.map((q) => q.usage.promptTokens + q.usage.completionTokens));
  const costs = perQuestion.map((q) => q.usage.costUsd);
  summary.cost_usd_per_query = costs.includes(null) ? null : mean(costs as number[]);
  summary.questions = perQuestion.length;
  summary.failed_questions = perQuestion.length - answered.length;
  summary.context_chunks = mean(perQuestion.flatMap((q) => (q.contextChunks === undefined ? [] : [q.contextChunks])));
  // Only with a model reranker: other trials keep the summary they always had.
  if (perQuestion.some((q) => q.rerank !== undefined)) {
    summary.rerank_fallbacks = perQuestion.filter((q) => q.rerank === 'fallback').length;
    summary.rerank_repairs = perQuestion.filter((q) => q.rerank === 'repaired').length;
  }

  const stageLatencies = new Map<string, number[]>();
  for (const q of answered) {
    for (const [stage, ms] of Object.entries(q.stageLatencyMs)) {
      const list = stageLatencies.get(stage) ?? [];
      list.push(ms);
      stageLatencies.set(stage, list);
    }
  }
  for (const [stage, values] of stageLatencies) {
    summary[`stage_${stage}_p50_ms`] = percentile({ values, p: 50 });
  }
  return summary;
}
