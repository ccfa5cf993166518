import type { Dataset } from '../data/dataset-schema.js';
import { loadDataset } from '../data/load-dataset.js';
import type { EvalHistoryStore } from '../regression/eval-history-store.js';
import { evalBatchInputs, evalJobInputs } from '../regression/eval-job-inputs.js';
import type { EvalJobResult } from '../regression/eval-result.js';
import { formatEvalSummary } from '../regression/format-eval-summary.js';
import { runEvalJob, type ResolvedEvalJob } from '../regression/run-eval-job.js';
import { RunAbortedError } from '../pipeline/pipeline-runner.js';
import type { StageCache } from '../pipeline/stage-cache.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';

/** What one `eval` invocation did: every job's result in job order (as far as it got). */
export interface EvalBatchOutcome {
  results: EvalJobResult[];
  /** Jobs taken from the interrupted eval `--resume` continued, not run again. */
  reused: number;
  /** Jobs run now (each stored as soon as it finished). */
  ran: number;
  /** True when a stop signal ended the batch before every job finished. */
  interrupted: boolean;
  /** Jobs of this batch stored in the history, reused ones included. */
  stored: number;
}

/**
 * Runs the jobs of one `eval` invocation as a batch of the eval history: each finished job is
 * stored at once (one committed row), so a kill or a stop signal loses only the running job.
 * With `resume`, the newest unfinished batch of the same jobs (same inputs, see evalJobInputs) is
 * continued: its stored jobs are reported, not re-run; without one, every job runs (and a note
 * says why). The batch is marked finished only when every job is stored.
 */
export async function runEvalBatch(options: {
  jobs: readonly ResolvedEvalJob[];
  workspace: Workspace;
  cache: StageCache;
  history: EvalHistoryStore;
  resume: boolean;
  signal: AbortSignal;
  io: CliIo;
  onStatus?: (line: string) => void;
}): Promise<EvalBatchOutcome> {
  const { jobs, workspace, history, io } = options;
  // Every dataset first: a job's inputs include its content fingerprint (a missing one also fails now, not after an hour).
  const datasets = new Map<string, Dataset>();
  const jobDatasets: Dataset[] = [];
  for (const job of jobs) {
    const key = `${job.datasetCwd}\u0000${job.dataset}`;
    if (!datasets.has(key)) datasets.set(key, await loadDataset({ spec: job.dataset, cwd: job.datasetCwd }));
    jobDatasets.push(datasets.get(key)!);
  }
  const inputs = jobs.map((job, i) => evalJobInputs({ job, dataset: jobDatasets[i], workspace }));
  const batchInputs = evalBatchInputs(inputs);
  const { batch, stored } = openBatch({ history, batchInputs, resume: options.resume, jobs: jobs.length, io });

  const results: EvalJobResult[] = [];
  let reused = 0;
  let ran = 0;
  let interrupted = false;
  for (const [i, job] of jobs.entries()) {
    const earlier = stored.get(inputs[i]);
    if (earlier) {
      reused += 1;
      results.push(earlier);
      io.out(`${job.name}: stored by the interrupted eval, not run again`);
      io.out(formatEvalSummary(earlier).join('\n'));
      continue;
    }
    if (options.signal.aborted) {
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
      });
    } catch (error) {
      if (!(error instanceof RunAbortedError)) throw error;
      interrupted = true;
      break;
    }
    history.record(result, { batch, inputs: inputs[i] });
    ran += 1;
    results.push(result);
    io.out(formatEvalSummary(result).join('\n'));
  }
  if (!interrupted) history.finishBatch(batch);
  return { results, reused, ran, interrupted, stored: history.batchResults(batch).size };
}

function openBatch(options: {
  history: EvalHistoryStore;
  batchInputs: string;
  resume: boolean;
  jobs: number;
  io: CliIo;
}): { batch: number; stored: Map<string, EvalJobResult> } {
  const { history, batchInputs, io } = options;
  if (options.resume) {
    const open = history.unfinishedBatch(batchInputs);
    if (open) {
      const stored = history.batchResults(open.id);
      io.out(
        `resuming the eval started ${new Date(open.startedAt).toISOString()}: ${stored.size} of ${options.jobs} jobs stored, ${options.jobs - stored.size} to run`,
      );
      return { batch: open.id, stored };
    }
    const last = history.lastBatch(batchInputs);
    io.err(
      `note: nothing to resume in ${history.path}: ${last ? 'the last eval of these jobs finished' : 'no eval of these jobs was stored'}; running all ${options.jobs}`,
    );
  }
  return { batch: history.startBatch(batchInputs), stored: new Map() };
}
