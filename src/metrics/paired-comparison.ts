import { percentile } from '../stats/percentile.js';
import { mulberry32 } from '../stats/seeded-random.js';

/** One question's value of one metric for one configuration. */
export interface QuestionValue {
  questionId: string;
  /** Null when the metric does not apply to the question; such pairs are dropped. */
  value: number | null;
}

/** Result of {@link pairedComparison}: candidate minus baseline on the paired questions. */
export interface PairedComparison {
  /** Questions present with a non-null value on both sides. */
  n: number;
  baselineMean: number | null;
  candidateMean: number | null;
  /** Mean of (candidate − baseline); null when n = 0. */
  meanDifference: number | null;
  /** Bootstrap percentile interval of the mean difference; null when n = 0. */
  ciLow: number | null;
  ciHigh: number | null;
}

function toMap(values: readonly QuestionValue[], side: string): Map<string, number | null> {
  const map = new Map<string, number | null>();
  for (const { questionId, value } of values) {
    // A duplicate id means the caller mixed up trials or rungs; silently picking one would lie.
    if (map.has(questionId)) throw new Error(`pairedComparison: duplicate question id "${questionId}" in ${side}`);
    map.set(questionId, value);
  }
  return map;
}

/**
 * Paired comparison of two configurations on the same questions: mean difference (candidate −
 * baseline) and a seeded percentile-bootstrap confidence interval of it. Used for nightly
 * regression checks and multi-fidelity promotion, where both configs ran the same rung subset.
 *
 * Questions are paired by id; ids missing on either side or null on either side are dropped.
 * With n = 1 the interval collapses to the single difference. The same seed and inputs always
 * give the same interval (order of the inputs does not matter: pairs are sorted by id).
 */
export function pairedComparison(options: {
  baseline: readonly QuestionValue[];
  candidate: readonly QuestionValue[];
  /** Bootstrap resamples; default 2000. */
  iterations?: number;
  /** Interval coverage in (0, 1); default 0.95. */
  confidence?: number;
  /** PRNG seed; default 0. */
  seed?: number;
}): PairedComparison {
  const baseline = toMap(options.baseline, 'baseline');
  const candidate = toMap(options.candidate, 'candidate');
  const pairs: [number, number][] = [];
  for (const id of [...baseline.keys()].sort()) {
    const b = baseline.get(id);
    const c = candidate.get(id);
    if (b !== null && b !== undefined && c !== null && c !== undefined) pairs.push([b, c]);
  }
  const n = pairs.length;
  if (n === 0) {
    return { n, baselineMean: null, candidateMean: null, meanDifference: null, ciLow: null, ciHigh: null };
  }
  const differences = pairs.map(([b, c]) => c - b);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

  const random = mulberry32(options.seed ?? 0);
  const iterations = Math.max(1, Math.floor(options.iterations ?? 2000));
  const resampledMeans: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    let total = 0;
    for (let j = 0; j < n; j += 1) total += differences[Math.floor(random() * n)];
    resampledMeans.push(total / n);
  }
  const tail = ((1 - (options.confidence ?? 0.95)) / 2) * 100;
  return {
    n,
    baselineMean: sum(pairs.map(([b]) => b)) / n,
    candidateMean: sum(pairs.map(([, c]) => c)) / n,
    meanDifference: sum(differences) / n,
    ciLow: percentile({ values: resampledMeans, p: tail }),
    ciHigh: percentile({ values: resampledMeans, p: 100 - tail }),
  };
}
