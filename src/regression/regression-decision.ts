import { pairedComparison, type QuestionValue } from '../metrics/paired-comparison.js';

/** What one metric's comparison concluded. */
export type MetricVerdict = 'ok' | 'improved' | 'regression' | 'no-data';

/** One metric of one eval job: candidate vs baseline on the same questions, paired. */
export interface MetricComparison {
  metric: string;
  /** Questions with a value on both sides (null scores are "not applicable" and dropped). */
  n: number;
  baselineMean: number | null;
  candidateMean: number | null;
  /** Mean of (candidate − baseline) per question. */
  difference: number | null;
  /** Seeded paired-bootstrap interval of the difference (95% by default). */
  ciLow: number | null;
  ciHigh: number | null;
  /** The tolerated drop this metric was judged with. */
  maxDrop: number;
  verdict: MetricVerdict;
}

/**
 * Mean per question over repeated runs of one configuration. Repeats exist for noisy components
 * (LLM generators, judges): averaging them before pairing shrinks the noise, so a nightly check
 * does not flag a regression because one run was unlucky. A question that is null in every repeat
 * stays null; otherwise nulls are left out of its mean (null means "not applicable", never 0).
 */
export function averageRepeats(runs: readonly (readonly QuestionValue[])[]): QuestionValue[] {
  const order: string[] = [];
  const sums = new Map<string, { total: number; count: number; first: number | null; identical: boolean }>();
  for (const run of runs) {
    for (const { questionId, value } of run) {
      let entry = sums.get(questionId);
      if (!entry) {
        entry = { total: 0, count: 0, first: null, identical: true };
        sums.set(questionId, entry);
        order.push(questionId);
      }
      if (value !== null) {
        if (entry.count === 0) entry.first = value;
        else if (value !== entry.first) entry.identical = false;
        entry.total += value;
        entry.count += 1;
      }
    }
  }
  return order.map((questionId) => {
    const { total, count, first, identical } = sums.get(questionId)!;
    // Identical repeats (deterministic pipelines) keep their exact value: summing and dividing
    // could move it by one ulp and make an unchanged configuration differ from itself.
    return { questionId, value: count === 0 ? null : identical ? first : total / count };
  });
}

/**
 * Compares one metric and decides. A regression needs BOTH a drop larger than `maxDrop` (it
 * matters) AND a bootstrap interval entirely below 0 (it is not noise): either alone fires false
 * alarms, a tiny significant drop on a big set, or a big noisy drop on a small one. "improved" is
 * the mirror image (gain above maxDrop, interval above 0) and never fails a check.
 */
export function compareMetric(options: {
  metric: string;
  baseline: readonly QuestionValue[];
  candidate: readonly QuestionValue[];
  /** Tolerated drop of the mean, in the metric's units (metrics are in [0, 1]). */
  maxDrop: number;
  /** Seed of the bootstrap, so the same inputs always give the same verdict. */
  seed?: number;
  iterations?: number;
  confidence?: number;
}): MetricComparison {
  const paired = pairedComparison({
    baseline: options.baseline,
    candidate: options.candidate,
    seed: options.seed ?? 0,
    iterations: options.iterations,
    confidence: options.confidence,
  });
  const { meanDifference: difference, ciLow, ciHigh } = paired;
  let verdict: MetricVerdict = 'ok';
  if (paired.n === 0 || difference === null || ciLow === null || ciHigh === null) verdict = 'no-data';
  else if (difference < -options.maxDrop && ciHigh < 0) verdict = 'regression';
  else if (difference > options.maxDrop && ciLow > 0) verdict = 'improved';
  return {
    metric: options.metric,
    n: paired.n,
    baselineMean: paired.baselineMean,
    candidateMean: paired.candidateMean,
    difference,
    ciLow,
    ciHigh,
    maxDrop: options.maxDrop,
    verdict,
  };
}
