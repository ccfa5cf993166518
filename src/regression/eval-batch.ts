import type { Dataset } from '../data/dataset-schema.js';
import { loadDataset } from '../data/load-dataset.js';
import { RunAbortedError } from '../pipeline/pipeline-runner.js';
import type { StageCache } from '../pipeline/stage-cache.js';
import type { Workspace } from '../workspace/workspace.js';
import type { UserPipeline } from '../pipeline/user/user-pipeline.js';
import type { EvalHistoryStore } from './eval-history-store.js';
import { evalBatchInputs, evalJobInputs } from './eval-job-inputs.js';
import type { EvalJobResult } from './eval-result.js';
import { runEvalJob, type ResolvedEvalJob } from './run-eval-job.js';

/** What one batch of eval jobs did: every job's result in job order (as far as it got). */
export interface EvalBatchOutcome {
  results: EvalJobResult[];
  /** Jobs of the batch, finished or not. */
  total: number;
  /** Jobs taken from the interrupted batch `resume` continued, not run again. */
  reused: number;
  /** Jobs run now (each stored as soon as it finished, with a history). */
  ran: number;
  /** True when the abort signal ended the batch before every job finished. */
  interrupted: boolean;
  /** Jobs of this batch stored in the history, reused ones included (0 without a history). */
  stored: number;
}

/** How the batch was opened in the history: a new one, or the interrupted one it continues. */
export type EvalBatchOpened =
  | { resumed: true; startedAt: number; stored: number; jobs: number }
  | {
      resumed: false;
      /** Set when `resume` was asked and there was nothing to continue: why. */
      nothingToResume?: 'finished' | 'none';
      jobs: number;
    };

/** Progress events of a batch (all optional). */
export interface EvalBatchEvents {
  /** The batch was opened in the history (only with a history). */
  onBatchOpened?(opened: EvalBatchOpened): void;
  /** A job's result was taken from the interrupted batch instead of running it again. */
  onReused?(result: EvalJobResult): void;
  /** A job ran and (with a history) was stored. */
  onResult?(result: EvalJobResult): void;
  /** Status lines while a job runs (which side, which repeat). */
  onStatus?(line: string): void;
}

/**
 * Runs eval jobs as one batch of the eval history: each finished job is stored at once (one
 * committed row), so a kill or an abort loses only the running job. With `resume`, the newest
 * unfinished batch of the same jobs (same inputs, see evalJobInputs) is continued: its stored jobs
 * are reported, not re-run; without one, every job runs. The batch is marked finished only when
 * every job is stored. Without a history the jobs simply run in order.
 */
export async function runEvalBatch(
  options: {
    jobs: readonly ResolvedEvalJob[];
    workspace: Workspace;
    cache: StageCache;
    history?: EvalHistoryStore;
    resume?: boolean;
    /** Folder datasets' document files above this many MB are refused (default 50). */
    maxDocumentMb?: number;
    signal?: AbortSignal;
    /** Every job runs this user pipeline instead of the built-in one. */
    pipeline?: UserPipeline;
  } & EvalBatchEvents,
): Promise<EvalBatchOutcome> {
  const { jobs, workspace, history } = options;
  // Every dataset first: a job's inputs include its content fingerprint (a missing one also fails now, not after an hour).
  const datasets = new Map<string, Dataset>();
  const jobDatasets: Dataset[] = [];
  for (const job of jobs) {
    const key = `${job.datasetCwd}\u0000${job.dataset}`;
    if (!datasets.has(key))
      datasets.set(
        key,
        await loadDataset({ spec: job.dataset, cwd: job.datasetCwd, maxDocumentMb: options.maxDocumentMb }),
      );
    jobDatasets.push(datasets.get(key)!);
  }
  const inputs = jobs.map((job, i) =>
    evalJobInputs({ job, dataset: jobDatasets[i], workspace, pipeline: options.pipeline }),
  );
  const opened = history
    ? openBatch({ history, batchInputs: evalBatchInputs(inputs), resume: options.resume ?? false, jobs: jobs.length })
    : undefined;
  if (opened) options.onBatchOpened?.(opened.event);

  const results: EvalJobResult[] = [];
  let reused = 0;
  let ran = 0;
  let interrupted = false;
  for (const [i, job] of jobs.entries()) {
    const earlier = opened?.stored.get(inputs[i]);
    if (earlier) {
      reused += 1;
      results.push(earlier);
      options.onReused?.(earlier);
      continue;
    }
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    let result: EvalJobResult;
    try {
      result = await runEvalJob({
        job,
        workspace,
        cache: options.cache,
        onStatus: options.onStatus,
        dataset: jobDatasets[i],
        signal: options.signal,
        pipeline: options.pipeline,
      });
    } catch (error) {
      if (!(error instanceof RunAbortedError)) throw error;
      interrupted = true;
      break;
    }
    if (history && opened) history.record(result, { batch: opened.batch, inputs: inputs[i] });
    ran += 1;
    results.push(result);
    options.onResult?.(result);
  }
  if (history && opened && !interrupted) history.finishBatch(opened.batch);
  const stored = history && opened ? history.batchResults(opened.batch).size : 0;
  return { results, total: jobs.length, reused, ran, interrupted, stored };
}

function openBatch(options: { history: EvalHistoryStore; batchInputs: string; resume: boolean; jobs: number }): {
  batch: number;
  stored: Map<string, EvalJobResult>;
  event: EvalBatchOpened;
} {
  const { history, batchInputs, jobs } = options;
  if (options.resume) {
    const open = history.unfinishedBatch(batchInputs);
    if (open) {
      const stored = history.batchResults(open.id);
      return { batch: open.id, stored, event: { resumed: true, startedAt: open.startedAt, stored: stored.size, jobs } };
    }
    const last = history.lastBatch(batchInputs);
    const nothingToResume = last ? 'finished' : 'none';
    return {
      batch: history.startBatch(batchInputs),
      stored: new Map(),
      event: { resumed: false, nothingToResume, jobs },
    };
  }
  return { batch: history.startBatch(batchInputs), stored: new Map(), event: { resumed: false, jobs } };
}
