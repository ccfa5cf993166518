import type { EvalJobResult } from '../../src/regression/eval-result.js';

/** A finished job result with one regressed and one ok metric, for output and history tests. */
export function sampleResult(overrides: Partial<EvalJobResult> = {}): EvalJobResult {
  return {
    name: 'nightly<&>"job"',
    startedAt: Date.UTC(2026, 0, 2, 3, 4),
    dataset: {
      spec: 'demo',
      name: 'demo',
      format: 'native',
      fingerprint: 'abcdef0123456789',
      documents: 10,
      questions: 40,
      totalQuestions: 186,
    },
    candidate: {
      source: 'worse.json',
      config: { top_k: 1 },
      configHash: '1111111111111111',
      components: { 'generator:extractive-sentence': '1' },
      failures: 0,
    },
    baseline: {
      source: 'better.json',
      config: { top_k: 8 },
      configHash: '2222222222222222',
      components: { 'generator:extractive-span': '1' },
      failures: 0,
    },
    seed: 0,
    repeat: 1,
    metrics: [
      {
        metric: 'f1',
        n: 40,
        baselineMean: 0.25,
        candidateMean: 0.1,
        difference: -0.15,
        ciLow: -0.27,
        ciHigh: -0.03,
        maxDrop: 0.02,
        verdict: 'regression',
      },
      {
        metric: 'recall_at_k',
        n: 40,
        baselineMean: 0.8,
        candidateMean: 0.79,
        difference: -0.01,
        ciLow: -0.05,
        ciHigh: 0.02,
        maxDrop: 0.02,
        verdict: 'ok',
      },
    ],
    regressed: true,
    versions: { 'tune-rag': '0.1.0', node: 'v20.0.0' },
    wallMs: 1234,
    ...overrides,
  };
}
