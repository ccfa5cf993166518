import { escapeAttr, escapeHtml } from './escape.js';

/** Plot area of a chart in SVG units (the SVG scales to its container width). */
export interface ChartFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_FRAME: ChartFrame = { width: 560, height: 300, left: 56, right: 16, top: 14, bottom: 42 };

/** Linear map from a data domain to pixels; a zero-width domain is widened so nothing divides by 0. */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  let [d0, d1] = domain;
  if (!Number.isFinite(d0) || !Number.isFinite(d1)) [d0, d1] = [0, 1];
  if (d1 - d0 === 0) {
    const pad = Math.abs(d0) > 0 ? Math.abs(d0) * 0.1 : 1;
    d0 -= pad;
    d1 += pad;
  }
  const [r0, r1] = range;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** The domain of some values padded by a fraction of its span (never empty). */
export function paddedDomain(values: readonly number[], pad = 0.05, includeZero = false): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite, ...(includeZero ? [0] : []));
  let hi = Math.max(...finite, ...(includeZero ? [0] : []));
  if (hi === lo) {
    const w = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    return [lo - w, hi + w];
  }
  const span = hi - lo;
  lo -= span * pad;
  hi += span * pad;
  if (includeZero && Math.min(...finite) >= 0) lo = Math.max(lo, 0);
  return [lo, hi];
}

/** About `count` round tick values across a domain. */
export function ticks(domain: [number, number], count = 5): number[] {
  const [lo, hi] = domain;
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Short number text for axes and tooltips. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs < 0.001) return value.toExponential(1);
  return Number(value.toPrecision(digits)).toString();
}

export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'unknown';
  if (value === 0) return '$0';
  return value < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

/** Axes with ticks and labels for a frame and two domains. */
export function axes(options: {
  frame: ChartFrame;
  x: [number, number];
  y: [number, number];
  xLabel: string;
  yLabel: string;
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
}): string {
  const { frame: f, xLabel, yLabel } = options;
  const sx = linearScale(options.x, [f.left, f.width - f.right]);
  const sy = linearScale(options.y, [f.height - f.bottom, f.top]);
  const xf = options.xFormat ?? ((v: number) => formatNumber(v));
  const yf = options.yFormat ?? ((v: number) => formatNumber(v));
  const x0 = f.left;
  const y0 = f.height - f.bottom;
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${x0}" y1="${y0}" x2="${f.width - f.right}" y2="${y0}"/>`);
  parts.push(`<line class="axis" x1="${x0}" y1="${f.top}" x2="${x0}" y2="${y0}"/>`);
  for (const t of ticks(options.x)) {
    const x = sx(t);
    if (x < f.left - 0.5 || x > f.width - f.right + 0.5) continue;
    parts.push(
      `<line class="tick" x1="${r(x)}" y1="${y0}" x2="${r(x)}" y2="${y0 + 4}"/><text class="tick-label" x="${r(x)}" y="${y0 + 16}" text-anchor="middle">${escapeHtml(xf(t))}</text>`,
    );
  }
  for (const t of ticks(options.y)) {
    const y = sy(t);
    if (y < f.top - 0.5 || y > y0 + 0.5) continue;
    parts.push(
      `<line class="grid" x1="${x0}" y1="${r(y)}" x2="${f.width - f.right}" y2="${r(y)}"/><text class="tick-label" x="${x0 - 6}" y="${r(y) + 4}" text-anchor="end">${escapeHtml(yf(t))}</text>`,
    );
  }
  parts.push(
    `<text class="axis-label" x="${r((f.left + f.width - f.right) / 2)}" y="${f.height - 6}" text-anchor="middle">${escapeHtml(xLabel)}</text>`,
  );
  parts.push(
    `<text class="axis-label" transform="translate(14 ${r((f.top + y0) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>`,
  );
  return parts.join('');
}

/** Opens an SVG element sized by its viewBox; `label` is its accessible name. */
export function svgOpen(frame: ChartFrame, options: { id: string; label: string }): string {
  return `<svg class="chart" id="${escapeAttr(options.id)}" viewBox="0 0 ${frame.width} ${frame.height}" role="img" aria-label="${escapeAttr(options.label)}" xmlns="http://www.w3.org/2000/svg">`;
}

/** Rounds a coordinate to 0.1 px to keep the file small. */
export function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** Colour for t in [0, 1] from teal (low) to orange-red (high). */
export function rampColor(t: number): string {
  const clamped = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const from = [26, 152, 160];
  const to = [228, 87, 46];
  const c = from.map((v, i) => Math.round(v + (to[i] - v) * clamped));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
