import type { QaItem } from '../data/dataset-schema.js';
import { optionRef, TuneRagError } from '../errors.js';
import type { ConfigurationRunner } from '../pipeline/configuration-runner.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import { evaluateTrial, type TrialEvents } from './evaluate-trial.js';
import { decisionGradeHistory } from './noise/decision-grade-history.js';
import type { Proposer } from './proposers/proposer.js';
import { createPruner } from './pruners/create-pruner.js';
import type { Pruner } from './pruners/pruner.js';
import { isStoreFailure } from '../store/store-failure.js';
import { countsTowardBudget, type Study } from './study.js';
import type { TrialRecord } from '../store/trial.js';

export interface TuningEvents extends TrialEvents {
  onProposed?(trials: TrialRecord[]): void;
  onTrialStart?(trial: TrialRecord): void;
  onTrialEnd?(trial: TrialRecord): void;
}

/**
 * How a steering session (chat, steer files) reaches into a running loop. All reads are live:
 * the loop asks again before every trial and proposal, so a message takes effect at once.
 */
export interface LoopControl {
  /**
   * Called by each worker before it takes a trial. Resolves when the worker may go on (a pause
   * waits here; due steer-file messages are applied here); false means stop taking trials (the
   * running ones still finish and are saved).
   */
  beforeTrial(): Promise<boolean>;
  /** The current total budget (trials). */
  budget(): number;
  /** The current objective weights (used for pruning decisions). */
  weights(): Readonly<Record<string, number>>;
}

export interface TuningLoopOptions {
  study: Study;
  runner: ConfigurationRunner;
  space: SearchSpace;
  proposer: Proposer;
  /** Trials that may use budget in total (finished, not counting interrupted ones). */
  budget: number;
  /** Trials evaluated at once (each by its own async worker). */
  concurrency: number;
  /** The study's seeded question order; rungs are prefixes of it. */
  questionOrder: readonly QaItem[];
  /** Proposals asked for per round (at most what the budget has left). */
  batchSize?: number;
  signal?: AbortSignal;
  events?: TuningEvents;
  /** Live steering; without it budget and weights are fixed. */
  control?: LoopControl;
  /**
   * Decides after each rung whether a trial goes on. Default: the built-in pruner the study's
   * settings name (`pruner`, with its `eta`). A pruner passed here must carry that same name, so
   * one study is never pruned two ways.
   */
  pruner?: Pruner;
}

/**
 * The tuning loop: workers ask the study for waiting trials and evaluate them; when none waits,
 * one of them asks the proposer for a batch (only one proposes at a time). Stops when the budget
 * is used, the proposer has nothing new, or the signal aborts (the running trials then finish as
 * interrupted and are re-enqueued on resume). A store failure (`StoreFailureError`) stops every
 * worker and rejects the loop with it; the trial it hit stays running and is re-run on resume.
 */
export async function runTuningLoop(options: TuningLoopOptions): Promise<void> {
  const { study } = options;
  const stopOthers = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopOthers.signal]) : stopOthers.signal;
  const { seed, objectives, rungs } = study.settings;
  const pruner = studyPruner(study, options.pruner);
  const budget = () => options.control?.budget() ?? options.budget;
  const weights = () => options.control?.weights() ?? study.settings.weights;
  let proposing: Promise<number> | null = null;
  let exhausted = false;

  const remaining = (): number => {
    const trials = study.trials();
    return budget() - trials.filter(countsTowardBudget).length - trials.filter((t) => t.state === 'running').length;
  };

  const propose = (): Promise<number> => {
    proposing ??= (async () => {
      try {
        // Timings enter as tie-class values: a cold rerun must not propose differently because of noise.
        const history = decisionGradeHistory({ history: study.trials(), objectives });
        const n = Math.max(1, Math.min(options.batchSize ?? options.concurrency, remaining()));
        // The seed moves with the history, so each round differs but a rerun repeats it exactly.
        const proposals = await options.proposer.propose({
          space: options.space,
          history,
          n,
          seed: (seed * 1_000_003 + history.length) >>> 0,
          objectives,
          weights: weights(),
        });
        const added = study.enqueue({ proposals, proposer: options.proposer.name });
        if (added.length === 0) exhausted = true;
        options.events?.onProposed?.(added);
        return added.length;
      } finally {
        proposing = null;
      }
    })();
    return proposing;
  };

  const worker = async (workerId: string): Promise<void> => {
    while (!signal?.aborted && !exhausted) {
      if (options.control && !(await options.control.beforeTrial())) return;
      if (signal?.aborted) return;
      if (remaining() <= 0) return;
      const trial = study.ask(workerId);
      if (!trial) {
        if ((await propose()) === 0 && !study.trials().some((t) => t.state === 'waiting')) return;
        continue;
      }
      options.events?.onTrialStart?.(trial);
      const finished = await evaluateTrial({
        study,
        trial,
        runner: options.runner,
        questionOrder: options.questionOrder,
        rungs,
        objectives,
        weights: weights(),
        pruner,
        signal,
        events: options.events,
      });
      options.events?.onTrialEnd?.(finished);
    }
  };

  // A store failure in one worker stops the others (their running trials are cut short like a
  // Ctrl-C); the loop rejects with the first failure once every worker has returned.
  let storeError: unknown = null;
  const guarded = async (workerId: string): Promise<void> => {
    try {
      await worker(workerId);
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      storeError ??= error;
      stopOthers.abort();
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency) }, (_, i) => guarded(`worker-${process.pid}-${i}`)),
  );
  if (storeError) throw storeError;
}

/** The pruner of the loop: the one given (if it is the study's) or the study's built-in one. */
function studyPruner(study: Study, given: Pruner | undefined): Pruner {
  const stored = study.settings.pruner;
  if (!given) return createPruner({ name: stored, eta: study.settings.eta });
  if (given.name === stored) return given;
  throw new TuneRagError('config', `study "${study.name}" was started with pruner "${stored}", not "${given.name}"`, {
    hint: `Pass the study's pruner (${optionRef('pruner')} ${stored}), or start a new study for another pruner.`,
  });
}
