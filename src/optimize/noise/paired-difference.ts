import type { QuestionValue } from '../../metrics/paired-comparison.js';

/** Mean per-question difference (a − b) on the questions both sides have, and its standard error. */
export interface PairedDifference {
  n: number;
  meanDifference: number;
  /** SD of the differences over √n; 0 when every question differs by the same amount. */
  se: number;
}

/**
 * Paired difference of two trials on the questions both ran (same nested rung subsets), matched
 * by question id; questions missing or null on either side are dropped. Null with fewer than two
 * pairs. An analytic normal interval (mean ± z·SE) rather than the bootstrap of
 * pairedComparison: every decision compares all pairs of peers on every objective, so it must
 * be cheap, and it needs no seed. Two configurations that answer most questions alike get a
 * small SE, which is why pairing separates them better than their separate SEs would.
 */
export function pairedDifference(options: {
  a: readonly QuestionValue[];
  b: readonly QuestionValue[];
}): PairedDifference | null {
  const b = new Map<string, number | null>();
  for (const q of options.b) b.set(q.questionId, q.value);
  const differences: number[] = [];
  for (const q of options.a) {
    const other = b.get(q.questionId);
    if (q.value !== null && other !== null && other !== undefined && Number.isFinite(q.value) && Number.isFinite(other))
      differences.push(q.value - other);
  }
  const n = differences.length;
  if (n < 2) return null;
  const mean = differences.reduce((sum, d) => sum + d, 0) / n;
  const variance = differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (n - 1);
  return { n, meanDifference: mean, se: Math.sqrt(variance / n) };
}
