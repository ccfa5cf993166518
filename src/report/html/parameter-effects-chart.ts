import { escapeAttr, escapeHtml } from './escape.js';
import { objectiveValue, type ReportData } from './report-data.js';
import { formatNumber, r } from './svg-chart.js';

export interface ParameterEffect {
  parameter: string;
  values: { value: string; n: number; mean: number; max: number }[];
}

/** Per parameter and value: mean and max quality of the complete trials that used it. */
export function parameterEffects(data: ReportData): ParameterEffect[] {
  const byParam = new Map<string, Map<string, number[]>>();
  for (const trial of data.summary.trials) {
    if (trial.state !== 'complete') continue;
    const q = objectiveValue(trial, data.quality);
    if (q === null) continue;
    for (const [key, value] of Object.entries(trial.config)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const values = byParam.get(key) ?? new Map<string, number[]>();
      values.set(text, [...(values.get(text) ?? []), q]);
      byParam.set(key, values);
    }
  }
  const numeric = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
  return [...byParam]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([parameter, values]) => ({
      parameter,
      values: [...values]
        .map(([value, qs]) => ({
          value,
          n: qs.length,
          mean: qs.reduce((s, v) => s + v, 0) / qs.length,
          max: Math.max(...qs),
        }))
        .sort((a, b) =>
          numeric(a.value) && numeric(b.value) ? Number(a.value) - Number(b.value) : a.value.localeCompare(b.value),
        ),
    }));
}

/** One small horizontal bar chart per parameter: bar = mean, tick = max. */
export function renderParameterEffects(data: ReportData): string {
  const effects = parameterEffects(data);
  if (effects.length === 0) return '<p class="note">No complete trials yet.</p>';
  const all = effects.flatMap((e) => e.values.flatMap((v) => [v.mean, v.max]));
  const hi = Math.max(...all, 0) || 1;
  const lo = Math.min(0, ...all);
  const width = 300;
  const labelW = 110;
  const barW = width - labelW - 44;
  const scale = (v: number) => labelW + ((v - lo) / (hi - lo)) * barW;
  const cards = effects
    .map((effect) => {
      const rowH = 18;
      const height = effect.values.length * rowH + 6;
      const rows = effect.values
        .map((v, i) => {
          const y = 3 + i * rowH;
          const label = v.value.length > 16 ? v.value.slice(0, 15) + '…' : v.value;
          return (
            `<g><title>${escapeHtml(`${effect.parameter}=${v.value}: mean ${data.quality.name} ${formatNumber(v.mean)}, max ${formatNumber(v.max)} over ${v.n} complete trial(s)`)}</title>` +
            `<text class="bar-label" x="${labelW - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(label)}</text>` +
            `<rect class="bar" x="${labelW}" y="${y + 2}" width="${r(Math.max(0.5, scale(v.mean) - labelW))}" height="${rowH - 6}"/>` +
            `<line class="bar-max" x1="${r(scale(v.max))}" x2="${r(scale(v.max))}" y1="${y}" y2="${y + rowH - 2}"/>` +
            `<text class="bar-value" x="${r(scale(v.max) + 4)}" y="${y + 12}">${escapeHtml(formatNumber(v.mean, 2))} (n=${v.n})</text></g>`
          );
        })
        .join('');
      return `<div class="effect-card"><h4>${escapeHtml(effect.parameter)}</h4><svg class="chart effect" data-parameter="${escapeAttr(effect.parameter)}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${rows}</svg></div>`;
    })
    .join('');
  return `<p class="note">Bars: mean ${escapeHtml(data.quality.name)} of the complete trials with that value; the dark tick marks the best of them. Values tried only once say little.</p><div class="effects">${cards}</div>`;
}
