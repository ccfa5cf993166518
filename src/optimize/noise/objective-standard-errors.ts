import { percentile } from '../../stats/percentile.js';
import { bootstrapStandardError, standardErrorOfMean } from '../../stats/standard-error.js';
import type { Objective } from '../proposers/proposer.js';
import type { ObjectiveValues, QuestionResult } from '../../store/trial.js';
import { questionValue } from './question-values.js';

/** Bootstrap resamples for a percentile's SE: enough for a stable figure, cheap at thousands of questions. */
const PERCENTILE_BOOTSTRAP_ITERATIONS = 500;

/**
 * The standard error of each objective of one rung, from its per-question results: the SE of the
 * mean for mean metrics (quality, retrieval, cost, tokens), a seeded bootstrap SE for percentile
 * latencies (p50, p95: 500 resamples, seed 0, so the figure repeats). Null when the objective has
 * no per-question values (e.g. index build time) or fewer than two questions have one. Called
 * when a rung is recorded; the SE is stored beside the rung's objectives.
 *
 * Per-question spread is sampling noise only; timing metrics also carry run-to-run noise, which
 * the comparison rule adds (see noise-rule.ts), not this figure.
 */
export function objectiveStandardErrors(options: {
  questions: readonly QuestionResult[];
  objectives: readonly Objective[];
}): ObjectiveValues {
  return Object.fromEntries(options.objectives.map((o) => [o.name, metricStandardError(options.questions, o.metric)]));
}

function metricStandardError(questions: readonly QuestionResult[], metric: string): number | null {
  const values = questions
    .map((q) => questionValue(q, metric))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const p = /^latency_p(\d+)_ms$/.exec(metric);
  if (!p) return standardErrorOfMean(values);
  const rank = Number(p[1]);
  return bootstrapStandardError({
    values,
    statistic: (sample) => percentile({ values: sample, p: rank }),
    iterations: PERCENTILE_BOOTSTRAP_ITERATIONS,
  });
}
