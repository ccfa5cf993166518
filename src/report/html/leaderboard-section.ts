import { configText } from './config-text.js';
import { escapeHtml } from './escape.js';
import type { ReportData } from './report-data.js';
import { formatNumber, formatUsd } from './svg-chart.js';

/** Complete trials best first, with every objective, cost, proposer and configuration. */
export function renderLeaderboard(data: ReportData): string {
  const { summary } = data;
  if (summary.leaderboard.length === 0) return '<p class="note">No complete trials.</p>';
  const pareto = new Set(summary.pareto.map((t) => t.number));
  const head = [
    'rank',
    'trial',
    'score',
    ...summary.objectives.map((o) => `${o.name} (${o.direction})`),
    'failed q.',
    'spent',
    'proposer',
    'configuration',
  ];
  const rows = summary.leaderboard
    .map(({ trial, score }, i) => {
      const marks = [
        trial.number === summary.best?.number ? '<span class="tag best">best</span>' : '',
        pareto.has(trial.number) ? '<span class="tag pareto">pareto</span>' : '',
        trial.proposer === 'baseline' ? '<span class="tag">baseline</span>' : '',
      ].join('');
      const objectives = summary.objectives
        .map((o) => `<td class="num">${escapeHtml(formatNumber(trial.objectives?.[o.name] ?? null))}</td>`)
        .join('');
      return (
        `<tr data-trial="${trial.number}"><td class="num">${i + 1}</td><td>#${trial.number} ${marks}</td><td class="num">${escapeHtml(formatNumber(score))}</td>${objectives}` +
        `<td class="num">${trial.metrics?.failed_questions ?? 0}</td><td class="num">${escapeHtml(formatUsd(data.spentUsd.get(trial.number)))}</td><td>${escapeHtml(trial.proposer)}</td><td class="config">${escapeHtml(configText(trial.config))}</td></tr>`
      );
    })
    .join('');
  const weights = Object.entries(summary.weights)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const constraints = summary.constraints.length
    ? ` Constraints: ${summary.constraints.map((c) => `${c.metric} ${c.op} ${c.value}`).join(', ')}.`
    : '';
  const violations =
    summary.violations.length && !summary.best
      ? `<p class="bad">No configuration satisfies every constraint: ${escapeHtml(summary.violations.map((v) => `${v.constraint.metric} ${v.constraint.op} ${v.constraint.value} failed by ${v.failedBy}`).join('; '))}.</p>`
      : '';
  return `<p class="note">Score = weighted normalised objectives (${escapeHtml(weights)}).${escapeHtml(constraints)}</p>${violations}<div class="scroll"><table class="leaderboard"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The best configuration against the baseline, objective by objective. */
export function renderBestVsBaseline(data: ReportData): string {
  const { best, baseline, objectives } = data.summary;
  if (!best) return '';
  const rows = objectives
    .map((o) => {
      const b = best.objectives?.[o.name] ?? null;
      const base = baseline?.objectives?.[o.name] ?? null;
      const delta = b !== null && base !== null ? b - base : null;
      const good = delta === null || delta === 0 ? '' : delta > 0 === (o.direction === 'max') ? 'good' : 'bad';
      return `<tr><td>${escapeHtml(o.name)}</td><td class="num">${escapeHtml(formatNumber(b))}</td><td class="num">${escapeHtml(formatNumber(base))}</td><td class="num ${good}">${delta === null ? 'n/a' : escapeHtml((delta > 0 ? '+' : '') + formatNumber(delta))}</td></tr>`;
    })
    .join('');
  return (
    `<div class="best-box"><h3>Best: #${best.number} <small>(${escapeHtml(best.proposer)})${data.summary.pickReason ? ` [${escapeHtml(data.summary.pickReason)}]` : ''}</small></h3>${data.summary.why ? `<p class="why">${escapeHtml(data.summary.why)}</p>` : ''}<p class="rationale"><span class="muted">proposed because:</span> ${escapeHtml(best.rationale)}</p><p class="config">${escapeHtml(configText(best.config))}</p>` +
    `<table class="compact"><thead><tr><th>objective</th><th>best</th><th>baseline${baseline ? ` #${baseline.number}` : ''}</th><th>change</th></tr></thead><tbody>${rows}</tbody></table></div>`
  );
}
