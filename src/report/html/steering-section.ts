import { configText } from './config-text.js';
import { escapeHtml } from './escape.js';
import type { ReportData } from './report-data.js';
import { formatNumber } from './svg-chart.js';

/** Steering actions (chat, flags, steer files) in the order they were applied. */
export function renderSteeringLog(data: ReportData): string {
  const { steering } = data.summary;
  if (steering.length === 0) return '<p class="note">No steering actions were applied to this study.</p>';
  const rows = steering
    .map(
      (s) =>
        `<tr><td class="num">${s.atTrial}</td><td>${escapeHtml(new Date(s.createdAt).toISOString().slice(0, 19).replace('T', ' '))}</td>` +
        `<td><code>${escapeHtml(JSON.stringify(s.action))}</code></td><td>${escapeHtml(s.message ?? '')}</td></tr>`,
    )
    .join('');
  return `<div class="scroll"><table class="steering"><thead><tr><th>after trials</th><th>time (UTC)</th><th>action</th><th>message</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** Every trial with its state, proposer and the proposer's (or agent's) rationale. */
export function renderRationales(data: ReportData): string {
  const q = data.quality.name;
  const rows = [...data.summary.trials]
    .sort((a, b) => a.number - b.number)
    .map(
      (t) =>
        `<tr data-trial="${t.number}" class="state-${escapeHtml(t.state)}"><td>#${t.number}</td><td>${escapeHtml(t.state)}</td>` +
        `<td>${escapeHtml(t.proposer)}</td><td class="num">${escapeHtml(formatNumber(t.objectives?.[q] ?? null))}</td><td>${escapeHtml(t.rationale)}${t.error ? `<div class="bad">${escapeHtml(t.error)}</div>` : ''}</td>` +
        `<td class="config">${escapeHtml(configText(t.config))}</td></tr>`,
    )
    .join('');
  return `<div class="scroll"><table class="rationales"><thead><tr><th>trial</th><th>state</th><th>proposer</th><th>${escapeHtml(q)}</th><th>rationale</th><th>configuration</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
