import type { Dataset } from '../data/dataset-schema.js';
import { loadDataset } from '../data/load-dataset.js';
import { sampleQuestions } from '../data/sample-questions.js';
import type { QuestionValue } from '../metrics/paired-comparison.js';
import type { QuestionScores } from '../metrics/score-question.js';
import { packageVersion } from '../package-root.js';
import type { ConfigurationRunner } from '../pipeline/configuration-runner.js';
import { createRunner } from '../pipeline/create-runner.js';
import type { UserPipeline } from '../pipeline/user/user-pipeline.js';
import type { StageCache } from '../pipeline/stage-cache.js';
import { stableHash } from '../json/canonical-json.js';
import type { Workspace } from '../workspace/workspace.js';
import type { EvalJobResult, EvaluatedSubject } from './eval-result.js';
import { averageRepeats, compareMetric } from './regression-decision.js';
import type { EvalSubject } from './resolve-baseline.js';

/** A job with its configurations resolved: what {@link runEvalJob} needs. */
export interface ResolvedEvalJob {
  name: string;
  /** Dataset spec (bundled name or path) and the folder a path is relative to. */
  dataset: string;
  datasetCwd: string;
  candidate: EvalSubject;
  baseline: EvalSubject;
  metrics: readonly (keyof QuestionScores)[];
  maxDrop: number;
  questions?: number;
  seed: number;
  repeat: number;
}

/**
 * Runs one eval job: both configurations on the same seeded question sample, each `repeat`
 * times, per-question scores averaged over repeats, then a paired comparison per metric.
 *
 * Both sides are repeated, not only the candidate: a noisy baseline judged from a single run
 * would turn its own bad luck into the candidate's "regression". With the local, deterministic
 * components repeats are served from the stage cache and cost nothing.
 */
export async function runEvalJob(options: {
  job: ResolvedEvalJob;
  workspace: Workspace;
  cache: StageCache;
  onStatus?: (line: string) => void;
  /** The job's dataset when the caller loaded it already (to hash the job's inputs); else loaded here. */
  dataset?: Dataset;
  /** Aborting stops the job (RunAbortedError from the pipeline runner): nothing of it is stored. */
  signal?: AbortSignal;
  /** Run this user pipeline instead of the built-in one (the jobs' configurations are its parameters). */
  pipeline?: UserPipeline;
}): Promise<EvalJobResult> {
  const { job, workspace } = options;
  const startedAt = Date.now();
  const started = performance.now();
  const dataset = options.dataset ?? (await loadDataset({ spec: job.dataset, cwd: job.datasetCwd }));
  const questions = sampleQuestions({ questions: dataset.questions, n: job.questions, seed: job.seed });
  const runner = createRunner({
    dataset,
    cache: options.cache,
    components: workspace.components,
    pipeline: options.pipeline,
  });

  const runSide = async (label: string, subject: EvalSubject) => {
    const runs: Record<string, QuestionValue[]>[] = [];
    let failures = 0;
    for (let r = 0; r < job.repeat; r++) {
      options.onStatus?.(`${job.name}: ${label} run ${r + 1}/${job.repeat} on ${questions.length} questions`);
      const run = await runner.run({ config: subject.config, questions, signal: options.signal });
      failures = Math.max(failures, run.failures);
      const byMetric: Record<string, QuestionValue[]> = {};
      for (const metric of job.metrics)
        byMetric[metric] = run.scores.map((s, i) => ({ questionId: questions[i].id, value: s[metric] }));
      runs.push(byMetric);
    }
    const averaged = Object.fromEntries(job.metrics.map((m) => [m, averageRepeats(runs.map((run) => run[m]))]));
    return { averaged, failures };
  };
  const baseline = await runSide('baseline', job.baseline);
  const candidate = await runSide('candidate', job.candidate);

  const metrics = job.metrics.map((metric) =>
    compareMetric({
      metric,
      baseline: baseline.averaged[metric],
      candidate: candidate.averaged[metric],
      maxDrop: job.maxDrop,
      seed: job.seed,
    }),
  );
  return {
    name: job.name,
    startedAt,
    dataset: {
      spec: job.dataset,
      name: dataset.name,
      format: dataset.format,
      fingerprint: dataset.fingerprint,
      documents: dataset.docs.length,
      questions: questions.length,
      totalQuestions: dataset.questions.length,
    },
    candidate: describeSubject(job.candidate, candidate.failures, runner),
    baseline: describeSubject(job.baseline, baseline.failures, runner),
    seed: job.seed,
    repeat: job.repeat,
    metrics,
    regressed: metrics.some((m) => m.verdict === 'regression'),
    versions: { 'tune-rag': packageVersion(), node: process.version },
    wallMs: Math.round(performance.now() - started),
  };
}

function describeSubject(subject: EvalSubject, failures: number, runner: ConfigurationRunner): EvaluatedSubject {
  return {
    source: subject.source,
    config: subject.config,
    configHash: stableHash(subject.config),
    components: runner.componentVersions(subject.config),
    failures,
  };
}
