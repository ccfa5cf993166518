import type { EvalJobResult } from './eval-result.js';
import type { MetricComparison } from './regression-decision.js';

/** A number for people: 3 decimals, "n/a" for null, explicit sign for differences. */
export function formatNumber(value: number | null, options: { signed?: boolean } = {}): string {
  if (value === null) return 'n/a';
  const text = value.toFixed(3);
  return options.signed && value >= 0 ? `+${text}` : text;
}

/** "[-0.120, -0.050]" */
export function formatInterval(metric: MetricComparison): string {
  return `[${formatNumber(metric.ciLow, { signed: true })}, ${formatNumber(metric.ciHigh, { signed: true })}]`;
}

/** Why a verdict was reached, in words a CI log reader can act on. */
export function explainVerdict(metric: MetricComparison): string {
  switch (metric.verdict) {
    case 'regression':
      return `REGRESSION (drop ${formatNumber(-(metric.difference ?? 0))} > max-drop ${metric.maxDrop}, 95% CI below 0)`;
    case 'improved':
      return 'improved';
    case 'no-data':
      return 'no data (the metric applies to no question on both sides)';
    default:
      return metric.difference !== null && metric.difference < -metric.maxDrop ? 'ok (drop not significant)' : 'ok';
  }
}

/**
 * The lines printed for one job: a header, then one line per metric with baseline mean, candidate
 * mean, difference, CI and verdict. This is what a nightly log shows, so it must stand alone.
 */
export function formatEvalSummary(result: EvalJobResult): string[] {
  const lines = [
    `${result.name}: ${result.candidate.source} vs baseline ${result.baseline.source} on ${result.dataset.name} (${result.dataset.questions}/${result.dataset.totalQuestions} questions, seed ${result.seed}, repeat ${result.repeat}, fingerprint ${result.dataset.fingerprint})`,
  ];
  const width = Math.max(...result.metrics.map((m) => m.metric.length));
  for (const m of result.metrics) {
    lines.push(
      `  ${m.metric.padEnd(width)}  baseline ${formatNumber(m.baselineMean)}  candidate ${formatNumber(m.candidateMean)}  diff ${formatNumber(m.difference, { signed: true })}  95% CI ${formatInterval(m)}  n=${m.n}  ${explainVerdict(m)}`,
    );
  }
  for (const [label, side] of [
    ['candidate', result.candidate],
    ['baseline', result.baseline],
  ] as const) {
    if (side.failures > 0)
      lines.push(`  warning: ${side.failures} ${label} questions failed and score 0 on every metric that applies`);
  }
  lines.push(`  => ${result.regressed ? 'REGRESSION' : 'ok'}`);
  return lines;
}
