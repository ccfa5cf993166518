/**
 * The rule that decides when two measured objective values differ: a difference is real only if
 * it exceeds {@link TIE_Z} times its standard error; anything smaller is a tie. One rule for every
 * decision (promotion between rungs, Pareto dominance, the final pick), so noise never orders
 * trials.
 */

/** Two-sided 95% normal quantile: a difference within ±1.96 standard errors is a tie. */
export const TIE_Z = 1.96;

/**
 * Run-to-run noise of a timing metric as a standard deviation of its natural log, i.e. a
 * relative error that per-question spread cannot show (JIT, GC, other processes, cold caches).
 *
 * Measured: `tune-rag run --dataset demo --json out.json` in a fresh `--cache-dir` each time,
 * baseline configuration, 11 cold runs on a shared 2-core machine (8 with the machine as it was,
 * 3 with one core kept busy by `yes`): latency_p95_ms from 9.3 to 56.9 ms, SD of ln(p95) 0.59;
 * the same for `--set reranker=local --set top_k=8`: 17.9 to 48.1 ms without the busy core
 * (SD 0.35). Rounded up to 0.6 so that decisions hold on a loaded machine.
 */
export const RUN_TO_RUN_LOG_SD = 0.6;

/**
 * The relative noise floor that follows from {@link RUN_TO_RUN_LOG_SD}: two timings whose ratio
 * is below this (about 5.3×) are a tie even when their per-question spread is tiny.
 * exp(TIE_Z · √2 · RUN_TO_RUN_LOG_SD): the √2 because both sides carry run-to-run noise.
 */
export const TIMING_TIE_RATIO = Math.exp(TIE_Z * Math.SQRT2 * RUN_TO_RUN_LOG_SD);

/** Timing metrics (…_ms) carry run-to-run noise and are compared as ratios. */
export function isTimingMetric(metric: string): boolean {
  return metric.endsWith('_ms');
}
