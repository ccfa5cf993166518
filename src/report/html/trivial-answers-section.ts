import { escapeHtml } from './escape.js';
import type { ReportData } from './report-data.js';
import { formatNumber } from './svg-chart.js';

/**
 * The trivial answers against the best and the baseline on the study's quality metric, with the
 * warning in red when one of them reaches a pipeline. Studies started before trivial answers
 * were scored get a note instead.
 */
export function renderTrivialAnswers(data: ReportData): string {
  const { trivialAnswers: trivial, best, baseline, qualityReason } = data.summary;
  const reason = qualityReason ? `<p class="note">Quality metric: ${escapeHtml(qualityReason)}.</p>` : '';
  if (!trivial) return `${reason}<p class="note">This study was started before trivial answers were scored.</p>`;
  const row = (label: string, value: number | null | undefined) =>
    `<tr><td>${escapeHtml(label)}</td><td class="num">${escapeHtml(formatNumber(value ?? null))}</td></tr>`;
  const rows = [
    row('empty answer', trivial.scores.empty),
    row('question echoed', trivial.scores.echo),
    row('stop-word string', trivial.scores.stopwords),
    ...(best ? [row(`best #${best.number}`, trivial.best)] : []),
    ...(baseline ? [row(`baseline #${baseline.number}`, trivial.baseline)] : []),
  ].join('');
  const warning = trivial.warning ? `<p class="bad"><b>Warning:</b> ${escapeHtml(trivial.warning)}.</p>` : '';
  return (
    `${reason}${warning}<p class="note">${escapeHtml(trivial.metric)} of answers that need no pipeline, against the best and the baseline, all on the ${trivial.questions} first-rung questions with references.</p>` +
    `<table class="compact"><thead><tr><th>answer</th><th>${escapeHtml(trivial.metric)}</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}
