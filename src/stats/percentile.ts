/**
 * Percentile with linear interpolation between closest ranks (NumPy's default, "type 7"):
 * rank = p / 100 · (n − 1) into the sorted values. `p` is in [0, 100] and is clamped.
 *
 * Edge cases: null for an empty list; the single value for a one-element list. Non-finite
 * values are not filtered: callers pass measured latencies.
 */
export function percentile(options: { values: readonly number[]; p: number }): number | null {
  const { values } = options;
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const p = Math.min(100, Math.max(0, options.p));
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}
