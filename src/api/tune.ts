import type { CacheHealth } from '../cache/cache-health.js';
import { summarizeStudy } from '../optimize/study-summary.js';
import { runTuningLoop, type LoopControl, type TuningEvents } from '../optimize/tuning-loop.js';
import { createRunner } from '../pipeline/create-runner.js';
import { StageCache } from '../pipeline/stage-cache.js';
import { budgetedEvents } from './budgeted-events.js';
import { prepareTuning, type PreparedTuning } from './prepare-tuning.js';
import type { TuneOptions, TuneResult } from './tune-options.js';

/**
 * Tunes a RAG pipeline: opens (or resumes) a study, runs the search until the budget is used,
 * the proposer has nothing new, or `signal` aborts, and returns the study's summary. Every
 * finished trial is stored as it ends, so an aborted or crashed search continues with
 * `resume: true` and the same options.
 *
 * @throws TuneRagError for a bad option (its message names the option, e.g. `budget`), a
 * dataset or space that cannot be read, or a study that exists when `resume` is not set.
 */
export async function tune(options: TuneOptions): Promise<TuneResult> {
  const prepared = await prepareTuning(options);
  try {
    prepared.study.recoverInterrupted({ graceMs: prepared.heartbeat.graceMs });
    await runTuning(prepared, { signal: options.signal, events: options.events, cacheBudget: options.cacheBudget });
    return {
      study: summarizeStudy(prepared.study),
      studyName: prepared.study.name,
      resumed: prepared.resumed,
      opening: prepared.opening,
      aborted: options.signal?.aborted ?? false,
      outDir: prepared.outDir,
    };
  } finally {
    prepared.store.close();
  }
}

/**
 * The search of a prepared study (see `prepareTuning`), over the workspace's stage cache. The
 * study's stored steering holds (pins, weights, budget); `control` replaces it for a front end
 * that steers live. Leaves the store open: the caller reads the results, then closes it.
 */
export async function runTuning(
  prepared: PreparedTuning,
  options: {
    signal?: AbortSignal;
    events?: TuningEvents;
    control?: LoopControl;
    cacheHealth?: CacheHealth;
    budget?: number;
    /** Bytes the stage cache may hold (see TuneOptions.cacheBudget). */
    cacheBudget?: number;
  } = {},
): Promise<void> {
  const cache = new StageCache({ dir: prepared.workspace.cacheDir, health: options.cacheHealth });
  const events =
    options.cacheBudget === undefined
      ? options.events
      : budgetedEvents({ cache, maxBytes: options.cacheBudget, events: options.events });
  try {
    const runner = createRunner({
      dataset: prepared.dataset,
      cache,
      components: prepared.workspace.components,
      pipeline: prepared.pipeline,
      judge: prepared.judge,
    });
    await runTuningLoop({
      study: prepared.study,
      runner,
      space: prepared.space,
      proposer: prepared.proposer,
      budget: options.budget ?? prepared.budget,
      pruner: prepared.pruner,
      concurrency: prepared.concurrency,
      questionOrder: prepared.questionOrder,
      signal: options.signal,
      events,
      // Steering stored by an earlier chat on this study (pins, weights, budget) still holds on resume.
      control: options.control ?? prepared.steering.control(),
      workers: {
        storage: prepared.storage,
        heartbeatIntervalMs: prepared.heartbeat.intervalMs,
        heartbeatGraceMs: prepared.heartbeat.graceMs,
      },
    });
  } finally {
    cache.close();
  }
}
