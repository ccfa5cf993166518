import type { QuestionScores } from '../metrics/score-question.js';
import { DEFAULT_EVAL_METRICS, DEFAULT_MAX_DROP, type EvalJob } from '../regression/eval-job-schema.js';
import { loadSubject, resolveBaseline } from '../regression/resolve-baseline.js';
import type { ResolvedEvalJob } from '../regression/run-eval-job.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * An eval job with its configuration files read and validated and its defaults applied (metrics
 * f1 and recall_at_context, max drop 0.02, seed 0, one repeat). Paths are relative to `baseDir`;
 * a `study:NAME` baseline is read from `studyDb`.
 */
export function resolveEvalJob(options: {
  job: EvalJob;
  baseDir: string;
  workspace: Workspace;
  studyDb?: string;
}): ResolvedEvalJob {
  const { job, baseDir, workspace } = options;
  return {
    name: job.name,
    dataset: job.dataset,
    datasetCwd: baseDir,
    candidate: loadSubject({ path: job.config, workspace, baseDir }),
    baseline: resolveBaseline({ spec: job.baseline, workspace, baseDir, studyDb: options.studyDb }),
    metrics: (job.metrics ?? [...DEFAULT_EVAL_METRICS]) as (keyof QuestionScores)[],
    maxDrop: job.maxDrop ?? DEFAULT_MAX_DROP,
    questions: job.questions,
    seed: job.seed ?? 0,
    repeat: job.repeat ?? 1,
  };
}
