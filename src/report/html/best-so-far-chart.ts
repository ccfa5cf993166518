import { escapeHtml } from './escape.js';
import { objectiveValue, type ReportData } from './report-data.js';
import { axes, DEFAULT_FRAME, formatNumber, formatUsd, linearScale, paddedDomain, r, svgOpen } from './svg-chart.js';

interface Step {
  number: number;
  value: number;
  best: number;
  spent: number;
  improved: boolean;
}

/** Best-so-far of the quality objective over finished trials in order, with cumulative spend. */
export function bestSoFarSteps(data: ReportData): { steps: Step[]; unknownCost: number } {
  const better = (a: number, b: number) => (data.quality.direction === 'max' ? a > b : a < b);
  const steps: Step[] = [];
  let best: number | undefined;
  let spent = 0;
  let unknownCost = 0;
  const finished = data.summary.trials
    .filter((t) => t.state === 'complete' || t.state === 'pruned' || t.state === 'failed')
    .sort((a, b) => a.number - b.number);
  for (const trial of finished) {
    const cost = data.spentUsd.get(trial.number);
    if (cost === null || cost === undefined) unknownCost += 1;
    else spent += cost;
    if (trial.state !== 'complete') continue;
    const value = objectiveValue(trial, data.quality);
    if (value === null) continue;
    const improved = best === undefined || better(value, best);
    if (improved) best = value;
    steps.push({ number: trial.number, value, best: best as number, spent, improved });
  }
  return { steps, unknownCost };
}

function stepChart(options: {
  id: string;
  data: ReportData;
  steps: Step[];
  x: (s: Step) => number;
  xLabel: string;
  xFormat?: (v: number) => string;
  tip: (s: Step) => string;
}): string {
  const frame = DEFAULT_FRAME;
  const { steps, data } = options;
  const xDomain = paddedDomain(steps.map(options.x), 0.04, true);
  const yDomain = paddedDomain(
    steps.flatMap((s) => [s.value, s.best]),
    0.08,
  );
  const sx = linearScale(xDomain, [frame.left, frame.width - frame.right]);
  const sy = linearScale(yDomain, [frame.height - frame.bottom, frame.top]);
  const parts = [
    svgOpen(frame, { id: options.id, label: `best ${data.quality.name} so far against ${options.xLabel}` }),
  ];
  parts.push(
    axes({
      frame,
      x: xDomain,
      y: yDomain,
      xLabel: options.xLabel,
      yLabel: `best ${data.quality.name} so far`,
      xFormat: options.xFormat,
    }),
  );
  let path = '';
  steps.forEach((s, i) => {
    const x = r(sx(options.x(s)));
    const y = r(sy(s.best));
    path += i === 0 ? `M${x},${y}` : `H${x}V${y}`;
  });
  parts.push(`<path class="best-line" d="${path}"/>`);
  for (const s of steps) {
    parts.push(
      `<circle class="trial-dot" cx="${r(sx(options.x(s)))}" cy="${r(sy(s.value))}" r="3"><title>${escapeHtml(`#${s.number}: ${data.quality.name} ${formatNumber(s.value)}`)}</title></circle>`,
    );
  }
  for (const s of steps) {
    parts.push(
      `<circle class="point best-point${s.improved ? ' improved' : ''}" data-trial="${s.number}" cx="${r(sx(options.x(s)))}" cy="${r(sy(s.best))}" r="${s.improved ? 5 : 3.5}"><title>${escapeHtml(options.tip(s))}</title></circle>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Two charts: best-so-far against trial number, and against cumulative money spent. */
export function renderBestSoFar(data: ReportData): string {
  const { steps, unknownCost } = bestSoFarSteps(data);
  if (steps.length === 0) return '<p class="note">No complete trial has a quality value yet.</p>';
  const q = data.quality.name;
  const byTrial = stepChart({
    id: 'best-by-trial',
    data,
    steps,
    x: (s) => s.number,
    xLabel: 'trial number',
    xFormat: (v) => `#${v}`,
    tip: (s) => `after #${s.number}: best ${q} ${formatNumber(s.best)}${s.improved ? ' (new best)' : ''}`,
  });
  const totalSpent = steps[steps.length - 1].spent;
  const free = totalSpent === 0 && unknownCost === 0;
  const byMoney = free
    ? `<p class="note free">Every trial ran on local components at $0, so there is no spending curve: the best-so-far above is also the best per dollar.</p>`
    : stepChart({
        id: 'best-by-cost',
        data,
        steps,
        x: (s) => s.spent,
        xLabel: 'money spent, cumulative (USD)',
        xFormat: (v) => formatUsd(v),
        tip: (s) => `after #${s.number}, ${formatUsd(s.spent)} spent: best ${q} ${formatNumber(s.best)}`,
      });
  const note = unknownCost
    ? `<p class="note">${unknownCost} trial(s) used a model without a known price; their cost is left out of the total.</p>`
    : '';
  return (
    `<div class="chart-row"><figure>${byTrial}<figcaption>Line: best ${escapeHtml(q)} among complete trials so far; small dots: each trial's own value.</figcaption></figure>` +
    `<figure>${byMoney}<figcaption>Total spent: ${escapeHtml(formatUsd(totalSpent))}${unknownCost ? ' (plus unknown)' : ''}.</figcaption></figure></div>${note}`
  );
}
