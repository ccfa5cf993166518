import { escapeAttr, escapeHtml } from './escape.js';
import type { ReportData, ReportEvalJob } from './report-data.js';
import { axes, formatNumber, linearScale, paddedDomain, r, svgOpen, type ChartFrame } from './svg-chart.js';

const FRAME: ChartFrame = { width: 460, height: 220, left: 52, right: 12, top: 12, bottom: 40 };
const COLOURS = ['#1a73e8', '#e4572e', '#2a9d8f', '#8e44ad', '#f4a261', '#6c757d'];

function jobChart(job: ReportEvalJob, index: number): string {
  const metrics = [...new Set(job.runs.flatMap((run) => run.metrics.map((m) => m.metric)))];
  const values = job.runs.flatMap((run) =>
    run.metrics.map((m) => m.candidateMean).filter((v): v is number => v !== null),
  );
  const xDomain: [number, number] = [0, Math.max(1, job.runs.length - 1)];
  const yDomain = paddedDomain(values, 0.1);
  const sx = linearScale(xDomain, [FRAME.left, FRAME.width - FRAME.right]);
  const sy = linearScale(yDomain, [FRAME.height - FRAME.bottom, FRAME.top]);
  const parts = [svgOpen(FRAME, { id: `eval-trend-${index}`, label: `eval history of ${job.job}` })];
  parts.push(
    axes({
      frame: FRAME,
      x: xDomain,
      y: yDomain,
      xLabel: 'run (oldest → newest)',
      yLabel: 'candidate mean',
      xFormat: (v) => (Number.isInteger(v) ? `${v + 1}` : ''),
    }),
  );
  metrics.forEach((metric, mi) => {
    const colour = COLOURS[mi % COLOURS.length];
    const pts = job.runs
      .map((run, i) => ({ run, i, m: run.metrics.find((m) => m.metric === metric) }))
      .filter((p) => p.m && p.m.candidateMean !== null);
    if (pts.length > 1)
      parts.push(
        `<polyline class="trend-line" stroke="${colour}" points="${pts.map((p) => `${r(sx(p.i))},${r(sy(p.m!.candidateMean as number))}`).join(' ')}"/>`,
      );
    for (const p of pts) {
      const m = p.m!;
      const tip = `${new Date(p.run.startedAt).toISOString().slice(0, 16).replace('T', ' ')} · ${metric} ${formatNumber(m.candidateMean)} (baseline ${formatNumber(m.baselineMean)}, ${m.verdict})${p.run.regressed ? ' · REGRESSION' : ''}`;
      parts.push(
        `<circle class="point trend-point${m.verdict === 'regression' ? ' regression' : ''}" cx="${r(sx(p.i))}" cy="${r(sy(m.candidateMean as number))}" r="${m.verdict === 'regression' ? 5 : 3.5}" fill="${colour}"><title>${escapeHtml(tip)}</title></circle>`,
      );
    }
  });
  parts.push('</svg>');
  const legend = metrics
    .map((m, i) => `<span class="swatch" style="background:${COLOURS[i % COLOURS.length]}"></span>${escapeHtml(m)}`)
    .join(' ');
  const last = job.runs[job.runs.length - 1];
  const status = last.regressed
    ? '<span class="bad">last run: regression</span>'
    : '<span class="good">last run: ok</span>';
  return `<figure class="eval-job" data-job="${escapeAttr(job.job)}"><h4>${escapeHtml(job.job)} <small>${job.runs.length} run(s), dataset ${escapeHtml(last.datasetName)} · ${status}</small></h4>${parts.join('')}<figcaption>${legend}. Red-ringed points were flagged regressions.</figcaption></figure>`;
}

/** A small line chart per eval job: each metric's candidate mean per stored run. */
export function renderEvalTrends(data: ReportData): string {
  if (data.evalJobs.length === 0) return `<p class="note">${escapeHtml(data.evalNote ?? 'No eval history.')}</p>`;
  return `<div class="chart-row">${data.evalJobs.map(jobChart).join('')}</div>`;
}
