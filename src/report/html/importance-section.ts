import { SCORE_TARGET } from '../../optimize/importance/parameter-importance.js';
import { escapeAttr, escapeHtml } from './escape.js';
import type { ReportData } from './report-data.js';
import { r } from './svg-chart.js';

const BAR_WIDTH = 90;

/**
 * "Which parameter mattered": why the best won (one line), then one row per parameter (most
 * important for the weighted score first) with its importance share for the score and each
 * objective, as a number and a small bar. Every text goes through the escape helpers.
 */
export function renderImportance(data: ReportData): string {
  const { importance, why, best } = data.summary;
  const whyLine =
    best && why ? `<p class="why" id="best-why"><b>Why #${best.number} won:</b> ${escapeHtml(why)}</p>` : '';
  const targets = importance.filter((t) => t.parameters.length > 0);
  if (targets.length === 0)
    return `${whyLine}<p class="note">Too few trials per rung to estimate parameter importance.</p>`;
  const score = importance.find((t) => t.target === SCORE_TARGET);
  const order = [
    ...new Set([...(score?.parameters ?? []), ...targets.flatMap((t) => t.parameters)].map((p) => p.parameter)),
  ];
  const head = ['parameter', ...importance.map((t) => t.target)].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = order
    .map((parameter) => {
      const cells = importance
        .map((t) => {
          if (t.parameters.length === 0) return '<td class="num muted">—</td>';
          const share = t.parameters.find((p) => p.parameter === parameter)?.importance ?? 0;
          return (
            `<td class="num" data-target="${escapeAttr(t.target)}">${escapeHtml(`${(share * 100).toFixed(1)}%`)} ` +
            `<svg class="importance-bar" width="${BAR_WIDTH}" height="9" viewBox="0 0 ${BAR_WIDTH} 9" xmlns="http://www.w3.org/2000/svg"><rect class="bar" width="${r(Math.max(0.5, share * BAR_WIDTH))}" height="9"/></svg></td>`
          );
        })
        .join('');
      return `<tr data-parameter="${escapeAttr(parameter)}"><td>${escapeHtml(parameter)}</td>${cells}</tr>`;
    })
    .join('');
  const trials = score?.trials ?? targets[0].trials;
  const note = `Share of each target's variance carried by each parameter's main effect (additive ANOVA per rung over ${trials} trials, pruned ones at the rungs they reached; rungs weighted by question evaluations). Shares in a column sum to 100%. An inactive conditional parameter counts for its parent.`;
  return `${whyLine}<p class="note">${escapeHtml(note)}</p><div class="scroll"><table class="importance compact"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
