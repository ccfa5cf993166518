import { INTERRUPTED } from '../../optimize/study.js';
import { escapeHtml } from './escape.js';
import type { ReportData } from './report-data.js';

/**
 * Failed questions of the study grouped by error, and the trials that failed with their reasons
 * (a trial over the study's failure limit is failed and not ranked). Interrupted trials are
 * re-run, so they are not listed.
 */
export function renderFailures(data: ReportData): string {
  const { failures, trials, questionErrors } = data.summary;
  const failedTrials = trials.filter((t) => t.state === 'failed' && t.error !== INTERRUPTED);
  if (failures.questions === 0 && failedTrials.length === 0)
    return '<p class="note">No question and no trial failed.</p>';
  const note =
    `<p class="note${failures.questions ? ' warn' : ''}">${failures.questions} failed question(s) in ${failures.trials} trial(s); ${failures.failedTrials} trial(s) failed. ` +
    'A failed question scores 0 on every metric that applies and is left out of latency percentiles.</p>';
  const errors = failures.byError.length
    ? `<table class="compact"><thead><tr><th>questions</th><th>error</th></tr></thead><tbody>${failures.byError.map((g) => `<tr><td class="num">${g.count}</td><td>${escapeHtml(g.message)}</td></tr>`).join('')}</tbody></table>`
    : '';
  const trialRows = trials
    .filter((t) => questionErrors.has(t.id) || failedTrials.includes(t))
    .map((t) => {
      const failed = `${t.metrics?.failed_questions ?? 0} of ${t.metrics?.questions ?? 0}`;
      return `<tr data-trial="${t.number}"><td>#${t.number}</td><td>${escapeHtml(t.state)}</td><td class="num">${escapeHtml(failed)}</td><td>${escapeHtml(t.state === 'failed' ? (t.error ?? '') : '')}</td></tr>`;
    })
    .join('');
  const table = trialRows
    ? `<table class="compact"><thead><tr><th>trial</th><th>state</th><th>failed questions</th><th>reason</th></tr></thead><tbody>${trialRows}</tbody></table>`
    : '';
  return note + errors + table;
}
