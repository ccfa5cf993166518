import type { TrialRecord } from '../../store/trial.js';
import { configText } from './config-text.js';
import { escapeAttr, escapeHtml } from './escape.js';
import { objectiveValue, type ReportData } from './report-data.js';
import {
  axes,
  DEFAULT_FRAME,
  formatNumber,
  formatUsd,
  linearScale,
  paddedDomain,
  r,
  rampColor,
  svgOpen,
} from './svg-chart.js';

/** Latency of a trial for the x axis: p95 per question (ms). */
function latencyOf(trial: TrialRecord): number | null {
  const v = trial.metrics?.latency_p95_ms ?? trial.objectives?.latency;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function costOf(trial: TrialRecord): number | null {
  const v = trial.metrics?.cost_usd_per_query ?? trial.objectives?.cost;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Quality vs latency of every complete trial (one point each), cost per query as colour, Pareto
 * members drawn larger with a ring. Hovering shows trial number and config (an SVG <title>).
 */
export function renderParetoChart(data: ReportData): string {
  const frame = DEFAULT_FRAME;
  const complete = data.summary.trials.filter((t) => t.state === 'complete');
  if (complete.length === 0) return '<p class="note">No complete trials yet: nothing to plot.</p>';
  const pareto = new Set(data.summary.pareto.map((t) => t.number));
  const best = data.summary.best?.number;
  const points = complete.map((t) => ({
    trial: t,
    x: latencyOf(t),
    y: objectiveValue(t, data.quality),
    cost: costOf(t),
  }));
  const xDomain = paddedDomain(
    points.map((p) => p.x ?? 0),
    0.08,
    true,
  );
  const yDomain = paddedDomain(
    points.map((p) => p.y ?? 0),
    0.08,
  );
  const sx = linearScale(xDomain, [frame.left, frame.width - frame.right]);
  const sy = linearScale(yDomain, [frame.height - frame.bottom, frame.top]);
  const costs = points.map((p) => p.cost).filter((c): c is number => c !== null);
  const [cLo, cHi] = costs.length ? [Math.min(...costs), Math.max(...costs)] : [0, 0];
  const allFree = costs.length === points.length && cHi === 0;
  const front = points
    .filter((p) => pareto.has(p.trial.number) && p.x !== null && p.y !== null)
    .sort((a, b) => (a.x ?? 0) - (b.x ?? 0));
  const parts: string[] = [
    svgOpen(frame, { id: 'pareto-chart', label: `${data.quality.name} against latency, one point per complete trial` }),
  ];
  parts.push(
    axes({ frame, x: xDomain, y: yDomain, xLabel: 'latency p95 per question (ms)', yLabel: data.quality.name }),
  );
  if (front.length > 1)
    parts.push(
      `<polyline class="front-line" points="${front.map((p) => `${r(sx(p.x ?? 0))},${r(sy(p.y ?? 0))}`).join(' ')}"/>`,
    );
  // Pareto members last so they are drawn on top.
  const ordered = [...points].sort((a, b) => Number(pareto.has(a.trial.number)) - Number(pareto.has(b.trial.number)));
  for (const p of ordered) {
    const member = pareto.has(p.trial.number);
    const colour = p.cost === null ? '#999' : rampColor(cHi > cLo ? (p.cost - cLo) / (cHi - cLo) : 0);
    const tip =
      `#${p.trial.number} (${p.trial.proposer})${member ? ' · Pareto front' : ''}${p.trial.number === best ? ' · best' : ''}\n` +
      `${data.quality.name} ${formatNumber(p.y)} · latency p95 ${formatNumber(p.x)} ms · cost/query ${formatUsd(p.cost)}\n${configText(p.trial.config)}`;
    parts.push(
      `<circle class="point${member ? ' pareto' : ''}${p.trial.number === best ? ' best' : ''}" data-trial="${p.trial.number}" cx="${r(sx(p.x ?? 0))}" cy="${r(sy(p.y ?? 0))}" r="${member ? 7 : 5}" fill="${colour}"><title>${escapeHtml(tip)}</title></circle>`,
    );
    if (member)
      parts.push(
        `<text class="point-label" x="${r(sx(p.x ?? 0) + 9)}" y="${r(sy(p.y ?? 0) - 6)}">#${p.trial.number}</text>`,
      );
  }
  parts.push('</svg>');
  const legend = allFree
    ? 'All trials cost $0 per query (local components), so every point has the same colour.'
    : costs.length
      ? `Colour: cost per query from ${escapeHtml(formatUsd(cLo))} (teal) to ${escapeHtml(formatUsd(cHi))} (orange)${costs.length < points.length ? '; grey = unknown price' : ''}.`
      : 'Cost per query is unknown for every trial (grey).';
  const missing = points.filter((p) => p.x === null || p.y === null).length;
  return `<figure>${parts.join('')}<figcaption>Larger ringed points are on the Pareto front over ${escapeHtml(data.summary.objectives.map((o) => o.name).join(', '))}${best !== undefined ? `; the dark outline marks the best (#${best})` : ''}. ${legend}${missing ? ` ${missing} trial(s) lack a value and are drawn at 0.` : ''} <span class="hint" data-for="${escapeAttr('pareto-chart')}">Hover a point for its configuration.</span></figcaption></figure>`;
}
