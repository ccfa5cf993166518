import type { Config, ParamValue } from '../../space/parameter-schema.js';

/** Most levels a numeric parameter is cut into (quantile bins of its observed values). */
export const MAX_NUMERIC_BINS = 4;

/** The level of a row whose configuration does not hold the parameter (it is inactive there). */
export const INACTIVE = -1;

/**
 * One parameter's observed values as discrete levels, the input of the additive ANOVA.
 * Invariant: `levels[i]` is {@link INACTIVE} or an index into `labels`, and every label is used.
 */
export interface ParameterLevels {
  parameter: string;
  levels: number[];
  /** The value of each level, or the observed range "64..128" of a numeric bin. */
  labels: string[];
}

/**
 * Turns configurations into levels, one {@link ParameterLevels} per parameter that takes at least
 * two distinct values (a constant parameter cannot explain anything), in order of first appearance.
 *
 * A parameter absent from a configuration is inactive there (src/space/active-params.ts drops
 * inactive keys) and gets {@link INACTIVE}, not a level of its own: the parent whose value switched
 * it off already carries that effect, so the child only explains variation among the rows where it
 * is active. Categorical (and boolean, or mixed) values are one level each. A numeric parameter
 * with at most {@link MAX_NUMERIC_BINS} distinct values keeps one level per value; otherwise it is
 * cut at quantiles of its active values into `clamp(round(sqrt(active rows)), 2, MAX_NUMERIC_BINS)`
 * bins (fewer rows, coarser bins, so that each bin holds several trials).
 */
export function parameterLevels(options: { configs: readonly Config[] }): ParameterLevels[] {
  const { configs } = options;
  const names: string[] = [];
  const seen = new Set<string>();
  for (const config of configs) {
    for (const name of Object.keys(config)) {
      if (!seen.has(name)) names.push(name);
      seen.add(name);
    }
  }
  const result: ParameterLevels[] = [];
  for (const parameter of names) {
    const values = configs.map((c) => c[parameter]);
    const active = values.filter((v): v is ParamValue => v !== undefined);
    const encoded = active.every((v) => typeof v === 'number')
      ? numericLevels(values as (number | undefined)[])
      : categoricalLevels(values);
    if (encoded.labels.length >= 2) result.push({ parameter, ...encoded });
  }
  return result;
}

function categoricalLevels(values: readonly (ParamValue | undefined)[]): Omit<ParameterLevels, 'parameter'> {
  const index = new Map<string, number>();
  const labels: string[] = [];
  const levels = values.map((v) => {
    if (v === undefined) return INACTIVE;
    const key = `${typeof v}:${String(v)}`;
    if (!index.has(key)) {
      index.set(key, labels.length);
      labels.push(String(v));
    }
    return index.get(key)!;
  });
  return { levels, labels };
}

function numericLevels(values: readonly (number | undefined)[]): Omit<ParameterLevels, 'parameter'> {
  const active = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  const distinct = [...new Set(active)];
  const bins = Math.min(MAX_NUMERIC_BINS, Math.max(2, Math.round(Math.sqrt(active.length))));
  // Cut points are observed values at the i/bins quantiles; a value equal to a cut goes above it.
  const cuts =
    distinct.length <= MAX_NUMERIC_BINS
      ? distinct.slice(1)
      : [...new Set(Array.from({ length: bins - 1 }, (_, k) => active[Math.floor(((k + 1) * active.length) / bins)]))];
  const binOf = (v: number) => cuts.filter((c) => v >= c).length;
  const members = Array.from({ length: cuts.length + 1 }, () => [] as number[]);
  for (const v of active) members[binOf(v)].push(v);
  // Drop empty bins (ties can empty one) so that every label is used.
  const used = members.map((m, i) => (m.length ? i : -1)).filter((i) => i >= 0);
  const renumber = new Map(used.map((bin, level) => [bin, level]));
  const labels = used.map((bin) => {
    const lo = members[bin][0];
    const hi = members[bin][members[bin].length - 1];
    return lo === hi ? formatNumber(lo) : `${formatNumber(lo)}..${formatNumber(hi)}`;
  });
  return { levels: values.map((v) => (v === undefined ? INACTIVE : renumber.get(binOf(v))!)), labels };
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}
