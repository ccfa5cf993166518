import { resolve } from 'node:path';
import type { CacheHealth } from '../cache/cache-health.js';
import { optionRef, TuneRagError } from '../errors.js';
import { isStorageUrl } from '../store/open-study-storage.js';
import { formatZodIssues } from '../json/format-zod-issues.js';
import { StageCache } from '../pipeline/stage-cache.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import { type EvalBatchEvents, type EvalBatchOutcome, runEvalBatch } from '../regression/eval-batch.js';
import { EvalHistoryStore } from '../regression/eval-history-store.js';
import { type EvalJob, EvalJobFileSchema } from '../regression/eval-job-schema.js';
import { loadEvalJobs } from '../regression/load-eval-jobs.js';
import type { ResolvedEvalJob } from '../regression/run-eval-job.js';
import { openWorkspace } from '../workspace/workspace.js';
import { resolveEvalJob } from './resolve-eval-job.js';
import { setUpUserPipeline } from './user-pipeline-setup.js';
import type { UserPipelineInput } from '../pipeline/user/user-pipeline.js';

/** Job settings that can be given once for every job (they override a job file's values). */
export type EvalJobOverrides = Partial<Pick<EvalJob, 'metrics' | 'questions' | 'seed' | 'repeat' | 'maxDrop'>>;

/** Options of `evaluateRegression`. */
export interface EvaluateRegressionOptions extends EvalBatchEvents {
  /**
   * A job file (e.g. `evals/nightly.json`, relative to `cwd`), one job object, or job objects of
   * the file's shape. Errors of a job from a file or a list name the job; of a single job, not.
   */
  jobs: string | EvalJob | readonly EvalJob[];
  /** Settings applied to every job, over the job's own (e.g. a shorter `questions` for a smoke run). */
  overrides?: EvalJobOverrides;
  /** Document files (PDF, DOCX, ...) of the jobs' folder datasets above this many MB are refused (default 50). */
  maxDocumentMb?: number;
  /** Folder relative paths start from (for a job file: its own folder); default `process.cwd()`. */
  cwd?: string;
  /** Study database for `baseline: "study:NAME"` (default `.tune-rag/tune-rag.db`). */
  storage?: string;
  /**
   * Eval history database (relative to `cwd`). When set, the jobs are one batch of the history:
   * each job's result is stored as soon as it finishes, and the batch is marked finished when
   * every job is stored. Unset: nothing is recorded.
   */
  history?: string;
  /**
   * Continue the newest unfinished batch of the same jobs (same inputs: configurations, dataset
   * content, settings) in `history`: the jobs it stored are reported (`onReused`), not run again.
   * With no such batch every job runs (`onBatchOpened` says why).
   */
  resume?: boolean;
  cacheDir?: string;
  /** Counts the stage cache's corrupt reads and failed writes (see CacheHealth); default a fresh one. */
  cacheHealth?: CacheHealth;
  components?: ComponentRegistry;
  /**
   * Every job runs your own pipeline instead of the built-in one (see `TuneOptions.pipeline`):
   * the jobs' configuration files hold its parameters, and a missing baseline is its baseline.
   */
  pipeline?: UserPipelineInput;
  /**
   * Aborting stops the running job: nothing of it is stored, and the report comes back with
   * `interrupted: true` and the results of the jobs finished before.
   */
  signal?: AbortSignal;
}

/** Verdicts of every job, in job order (as far as the batch got). */
export interface RegressionReport extends EvalBatchOutcome {
  /** Names of the jobs where some metric's verdict is "regression". */
  regressed: string[];
}

/**
 * What `tune-rag eval` decides: per job, the candidate and the baseline run on the same seeded
 * questions and each metric gets a paired verdict (ok, improvement, regression); with `history`
 * the results are recorded (and `resume` continues an interrupted batch). Every job is resolved
 * before any runs, so a typo in the last job fails at once.
 *
 * @throws TuneRagError naming the job (and the file and key) that is invalid.
 */
export async function evaluateRegression(options: EvaluateRegressionOptions): Promise<RegressionReport> {
  const cwd = options.cwd ?? process.cwd();
  if (options.resume && !options.history)
    throw new TuneRagError(
      'config',
      `${optionRef('resume')} needs ${optionRef('history')}: the batch it continues is stored there`,
    );
  const opened = openWorkspace({ cwd, cacheDir: options.cacheDir, components: options.components });
  // With a user pipeline, the jobs' configurations are checked against its parameters.
  const user = options.pipeline
    ? setUpUserPipeline({ pipeline: options.pipeline, workspace: opened, cwd, needsSpace: false })
    : undefined;
  const workspace = user?.workspace ?? opened;
  const studyDb = options.storage && !isStorageUrl(options.storage) ? resolve(cwd, options.storage) : options.storage;
  const overrides = options.overrides ?? {};
  let jobs: ResolvedEvalJob[];
  if (!Array.isArray(options.jobs) && typeof options.jobs === 'object') {
    const [job] = checkJobs([options.jobs as EvalJob]);
    jobs = [resolveEvalJob({ job: { ...job, ...overrides }, baseDir: cwd, workspace, studyDb })];
  } else {
    const loaded =
      typeof options.jobs === 'string'
        ? loadEvalJobs({ path: options.jobs, cwd })
        : { path: optionRef('jobs'), baseDir: cwd, jobs: checkJobs(options.jobs as readonly EvalJob[]) };
    jobs = loaded.jobs.map((job) => {
      try {
        return resolveEvalJob({ job: { ...job, ...overrides }, baseDir: loaded.baseDir, workspace, studyDb });
      } catch (error) {
        // withPrefix keeps the option markers, so the job's error still names its options.
        if (error instanceof TuneRagError) throw error.withPrefix(`${loaded.path}: job "${job.name}": `);
        throw error;
      }
    });
  }
  // Opened before any job runs: each finished job is stored in it at once.
  const history = options.history ? new EvalHistoryStore(resolve(cwd, options.history)) : undefined;
  const cache = new StageCache({ dir: workspace.cacheDir, health: options.cacheHealth });
  try {
    const outcome = await runEvalBatch({
      jobs,
      workspace,
      cache,
      history,
      resume: options.resume,
      maxDocumentMb: options.maxDocumentMb,
      signal: options.signal,
      pipeline: user?.pipeline,
      onBatchOpened: options.onBatchOpened,
      onReused: options.onReused,
      onResult: options.onResult,
      onStatus: options.onStatus,
    });
    return { ...outcome, regressed: outcome.results.filter((r) => r.regressed).map((r) => r.name) };
  } finally {
    cache.close();
    history?.close();
  }
}

/** Job objects checked like a job file's, each problem naming its key (`jobs[1].maxDrop`). */
function checkJobs(jobs: readonly EvalJob[]): EvalJob[] {
  const parsed = EvalJobFileSchema.safeParse({ jobs });
  if (parsed.success) return parsed.data.jobs;
  const problems = formatZodIssues(parsed.error).map((line) => line.replace(/^Unrecognized key/, 'unknown key'));
  throw new TuneRagError('config', `invalid ${optionRef('jobs')}:\n  - ${problems.join('\n  - ')}`);
}
