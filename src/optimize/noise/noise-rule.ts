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
 * Measured on a 2-core machine shared with other builds and tests:
 * - `tune-rag run --dataset demo --json out.json` in a fresh `--cache-dir` each time, 14 cold
 *   runs per configuration (8 as the machine was, 6 with one core kept busy by `yes`): baseline
 *   latency_p95_ms 9.3 to 57.2 ms (SD of ln 0.61); `--set reranker=local --set top_k=8` 17.9 to
 *   124.3 ms (6.9×, SD of ln 0.55; 0.35 without the busy core).
 * - Four cold `tune --seed 7 --budget 12` runs: the same configuration at the same rung differed
 *   by up to 6.0× between runs (pooled SD of ln 0.43 over 56 degrees of freedom).
 * - Nine repeats of tests/cli/tune-reproducible.test.ts, some beside `yes` and two more tuning
 *   runs: one configuration's 20-question p95 was 1.7 ms in one run and 24.8 ms in the other
 *   (14.6×), under the heaviest load.
 *
 * A decision must come out the same on every cold rerun, not on 95% of them, so the SD is set
 * to 1.15, which puts the tie ratio ({@link TIMING_TIE_RATIO}, about 24×) well above the largest
 * run-to-run ratio measured (14.6×). With 0.6 (5.3×), 7 of 152 pairs of configurations in the
 * four tune runs flipped between significant and tied from one run to the next; with 0.9 (12×)
 * none did there, but the 14.6× case flipped one. An LLM's latency is no steadier (the issue
 * measured one trial's p95 at 128 ms healthy and 4,379 ms under rate limiting).
 * The price: on a shared machine, local pipelines (milliseconds apart) tie on latency, and latency
 * decides only differences like an LLM call against a local extractive answer.
 */
export const RUN_TO_RUN_LOG_SD = 1.15;

/**
 * The relative noise floor that follows from {@link RUN_TO_RUN_LOG_SD}: two timings whose ratio
 * is below this (about 24×) are a tie even when their per-question spread is tiny.
 * exp(TIE_Z · √2 · RUN_TO_RUN_LOG_SD): the √2 because both sides carry run-to-run noise.
 */
export const TIMING_TIE_RATIO = Math.exp(TIE_Z * Math.SQRT2 * RUN_TO_RUN_LOG_SD);

/** Timing metrics (…_ms) carry run-to-run noise and are compared as ratios. */
export function isTimingMetric(metric: string): boolean {
  return metric.endsWith('_ms');
}
