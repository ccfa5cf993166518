import Table from 'cli-table3';
import { formatMetricValue } from '../metrics/format-metric-value.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';
import { describeMetric } from '../metrics/summarize-metrics.js';

const SECTIONS: { title: string; keys: (summary: MetricsSummary) => string[] }[] = [
  {
    title: 'Answer quality',
    keys: () => [
      'questions',
      'failed_questions',
      'exact_match',
      'f1',
      'containment',
      'rouge_l',
      'content_f1',
      'content_rouge_l',
      'faithfulness',
      'judge_correctness',
      'judge_faithfulness',
      'judge_failures',
    ],
  },
  {
    title: "Retrieval (generator's context)",
    keys: () => [
      'recall_at_context',
      'precision_at_context',
      'mrr_at_context',
      'ndcg_at_context',
      'hit_at_context',
      'context_chunks',
    ],
  },
  { title: 'Retrieval (at k)', keys: () => ['recall_at_k', 'precision_at_k', 'mrr', 'ndcg_at_k', 'hit_rate'] },
  {
    title: 'Latency, size and cost',
    keys: (summary) => [
      'latency_p50_ms',
      'latency_p95_ms',
      'retry_wait_ms',
      ...Object.keys(summary).filter((k) => /^stage_.+_p50_ms$/.test(k)),
      'index_build_ms',
      'index_bytes',
      'tokens_per_query',
      'cost_usd_per_query',
      'judge_tokens_per_query',
      'judge_cost_usd_per_query',
    ],
  },
];

/** A three-section terminal table of one run's metrics, with each metric's meaning. */
export function formatMetricsTable(summary: MetricsSummary): string {
  const table = new Table({
    head: ['metric', 'value', 'meaning'],
    style: { head: [], border: [], compact: true },
    colWidths: [24, 12, 72],
    wordWrap: true,
  });
  for (const section of SECTIONS) {
    table.push([{ colSpan: 3, content: `— ${section.title} —` }]);
    for (const key of section.keys(summary)) {
      if (!(key in summary)) continue;
      table.push([key, formatMetricValue(key, summary[key]), describeMetric(key)?.description ?? '']);
    }
  }
  return table.toString();
}
