import type { Objective } from '../proposers/proposer.js';
import { isTimingMetric, RUN_TO_RUN_LOG_SD, TIE_Z } from './noise-rule.js';
import type { PairedDifference } from './paired-difference.js';

/** A measured objective value and its standard error (null: unknown). */
export interface NoisyMeasure {
  value: number | null;
  se: number | null;
}

/** 1: a is significantly better than b; -1: significantly worse; 0: a tie within noise. */
export type Verdict = -1 | 0 | 1;

/** Differences this small relative to the values are float round-off, not measurements. */
const ROUND_OFF = 1e-12;

/**
 * Compares one objective of two trials under the noise rule (noise-rule.ts), direction aware. An
 * unknown value is worse than any known one; two unknowns tie.
 *
 * - Timing metrics (…_ms): compared as a log ratio against √(2·RUN_TO_RUN_LOG_SD² + (se_a/a)² +
 *   (se_b/b)²), i.e. run-to-run noise plus each side's per-question (bootstrap) SE; two timings
 *   within about 24× of each other always tie. Per-question pairing is not used for timings:
 *   it would only see the sampling part of their noise.
 * - Other metrics: with a paired difference on shared questions, a tie when its interval
 *   mean ± TIE_Z·SE contains 0; otherwise when |a − b| ≤ TIE_Z·√(se_a² + se_b²). A missing SE
 *   counts as 0, so values without any noise estimate (old rows, noiseless figures) compare exactly.
 */
export function compareObjective(options: {
  objective: Objective;
  a: NoisyMeasure;
  b: NoisyMeasure;
  paired?: PairedDifference | null;
}): Verdict {
  const { objective, a, b } = options;
  const va = known(a.value);
  const vb = known(b.value);
  if (va === null || vb === null) return va === vb ? 0 : va === null ? -1 : 1;
  const larger = isTimingMetric(objective.metric)
    ? timingVerdict(va, a.se, vb, b.se)
    : valueVerdict(va, a.se, vb, b.se, options.paired);
  if (larger === 0) return 0;
  return objective.direction === 'max' ? larger : larger === 1 ? -1 : 1;
}

/** +1 when a is significantly larger than b, -1 when smaller, 0 within noise. */
function valueVerdict(
  a: number,
  seA: number | null,
  b: number,
  seB: number | null,
  paired: PairedDifference | null | undefined,
): Verdict {
  const difference = paired ? paired.meanDifference : a - b;
  const se = paired ? paired.se : Math.sqrt((seA ?? 0) ** 2 + (seB ?? 0) ** 2);
  if (Math.abs(difference) <= TIE_Z * se + ROUND_OFF * Math.max(Math.abs(a), Math.abs(b), 1)) return 0;
  return difference > 0 ? 1 : -1;
}

/** Timings at or below this (ms) are clamped to it, so a zero timing still has a ratio. */
const TIMING_FLOOR_MS = 1e-3;

/** +1 when timing a is significantly larger than b, -1 when smaller, 0 within noise. */
function timingVerdict(rawA: number, seA: number | null, rawB: number, seB: number | null): Verdict {
  const a = Math.max(rawA, TIMING_FLOOR_MS);
  const b = Math.max(rawB, TIMING_FLOOR_MS);
  const relative = (value: number, se: number | null) => ((se ?? 0) / value) ** 2;
  const se = Math.sqrt(2 * RUN_TO_RUN_LOG_SD ** 2 + relative(a, seA) + relative(b, seB));
  const logRatio = Math.log(a / b);
  if (Math.abs(logRatio) <= TIE_Z * se) return 0;
  return logRatio > 0 ? 1 : -1;
}

function known(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
