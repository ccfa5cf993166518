import type { EvalJobResult } from './eval-result.js';

/**
 * The `--json` document: every number of every job in snake_case, plus an overall verdict, so
 * scripts can read it without parsing the terminal output.
 */
export function evalJson(results: readonly EvalJobResult[]): Record<string, unknown> {
  return {
    regressed: results.some((r) => r.regressed),
    jobs: results.map((r) => ({
      name: r.name,
      started_at: new Date(r.startedAt).toISOString(),
      regressed: r.regressed,
      dataset: {
        spec: r.dataset.spec,
        name: r.dataset.name,
        format: r.dataset.format,
        fingerprint: r.dataset.fingerprint,
        documents: r.dataset.documents,
        questions: r.dataset.questions,
        total_questions: r.dataset.totalQuestions,
      },
      candidate: subject(r.candidate),
      baseline: subject(r.baseline),
      seed: r.seed,
      repeat: r.repeat,
      metrics: r.metrics.map((m) => ({
        metric: m.metric,
        n: m.n,
        baseline_mean: m.baselineMean,
        candidate_mean: m.candidateMean,
        difference: m.difference,
        ci_low: m.ciLow,
        ci_high: m.ciHigh,
        confidence: 0.95,
        max_drop: m.maxDrop,
        verdict: m.verdict,
      })),
      versions: r.versions,
      wall_ms: r.wallMs,
    })),
  };
}

function subject(s: EvalJobResult['candidate']): Record<string, unknown> {
  return {
    source: s.source,
    config: s.config,
    config_hash: s.configHash,
    components: s.components,
    failures: s.failures,
  };
}
