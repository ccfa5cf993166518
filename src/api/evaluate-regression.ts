import { resolve } from 'node:path';
import { optionRef, TuneRagError } from '../errors.js';
import { StageCache } from '../pipeline/stage-cache.js';
import { EvalJobFileSchema, type EvalJob } from '../regression/eval-job-schema.js';
import { formatZodIssues } from '../json/format-zod-issues.js';
import type { EvalJobResult } from '../regression/eval-result.js';
import { loadEvalJobs } from '../regression/load-eval-jobs.js';
import { runEvalJob, type ResolvedEvalJob } from '../regression/run-eval-job.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import { openWorkspace } from '../workspace/workspace.js';
import { resolveEvalJob } from './resolve-eval-job.js';

/** Options of `evaluateRegression`. */
export interface EvaluateRegressionOptions {
  /** A job file (e.g. `evals/nightly.json`, relative to `cwd`) or job objects of the same shape. */
  jobs: string | readonly EvalJob[];
  /** Folder relative paths start from (for a job file: its own folder); default `process.cwd()`. */
  cwd?: string;
  /** Study database for `baseline: "study:NAME"` (default `.tune-rag/tune-rag.db`). */
  storage?: string;
  cacheDir?: string;
  components?: ComponentRegistry;
  /** Called with each job's result as it finishes. */
  onResult?(result: EvalJobResult): void;
  /** Aborting stops the running job (it then rejects with the pipeline's RunAbortedError). */
  signal?: AbortSignal;
}

/** Verdicts of every job, in job order. */
export interface RegressionReport {
  results: EvalJobResult[];
  /** Names of the jobs where some metric's verdict is "regression". */
  regressed: string[];
}

/**
 * What `tune-rag eval` decides, without its history or output files: per job, the candidate and
 * the baseline run on the same seeded questions and each metric gets a paired verdict
 * (ok, improvement, regression). Every job is resolved before any runs, so a typo in the last
 * job fails at once.
 *
 * @throws TuneRagError naming the job (and the file and key) that is invalid.
 */
export async function evaluateRegression(options: EvaluateRegressionOptions): Promise<RegressionReport> {
  const cwd = options.cwd ?? process.cwd();
  const workspace = openWorkspace({ cwd, cacheDir: options.cacheDir, components: options.components });
  const studyDb = options.storage ? resolve(cwd, options.storage) : undefined;
  const loaded =
    typeof options.jobs === 'string'
      ? loadEvalJobs({ path: options.jobs, cwd })
      : { path: optionRef('jobs'), baseDir: cwd, jobs: checkJobs(options.jobs) };
  const jobs: ResolvedEvalJob[] = loaded.jobs.map((job) => {
    try {
      return resolveEvalJob({ job, baseDir: loaded.baseDir, workspace, studyDb });
    } catch (error) {
      if (error instanceof TuneRagError) throw error.withPrefix(`${loaded.path}: job "${job.name}": `);
      throw error;
    }
  });
  const cache = new StageCache({ dir: workspace.cacheDir });
  try {
    const results: EvalJobResult[] = [];
    for (const job of jobs) {
      const result = await runEvalJob({ job, workspace, cache, signal: options.signal });
      results.push(result);
      options.onResult?.(result);
    }
    return { results, regressed: results.filter((r) => r.regressed).map((r) => r.name) };
  } finally {
    cache.close();
  }
}

/** Job objects checked like a job file's, each problem naming its key (`jobs[1].maxDrop`). */
function checkJobs(jobs: readonly EvalJob[]): EvalJob[] {
  const parsed = EvalJobFileSchema.safeParse({ jobs });
  if (parsed.success) return parsed.data.jobs;
  const problems = formatZodIssues(parsed.error).map((line) => line.replace(/^Unrecognized key/, 'unknown key'));
  throw new TuneRagError('config', `invalid ${optionRef('jobs')}:\n  - ${problems.join('\n  - ')}`);
}
