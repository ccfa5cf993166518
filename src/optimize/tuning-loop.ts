import type { QaItem } from '../data/dataset-schema.js';
import { optionRef, TuneRagError } from '../errors.js';
import type { ConfigurationRunner } from '../pipeline/configuration-runner.js';
import { yieldToEventLoop } from '../pipeline/yield-to-event-loop.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import { evaluateTrial, type TrialEvents } from './evaluate-trial.js';
import { decisionGradeHistory } from './noise/decision-grade-history.js';
import type { Proposer } from './proposers/proposer.js';
import { createPruner } from './pruners/create-pruner.js';
import type { Pruner } from './pruners/pruner.js';
import { isStoreFailure } from '../store/store-failure.js';
import { countsTowardBudget, PROPOSER_LEASE, type Study } from './study.js';
import type { TrialRecord } from '../store/trial.js';
import { isTrialNotHeld } from '../store/store-errors.js';
import { startHeartbeatPulse } from './workers/heartbeat-pulse.js';
import { heartbeatTiming } from './workers/worker-timing.js';
import { processId, workerId } from './workers/worker-identity.js';
import { pauseFor } from './workers/pause-for.js';

export interface TuningEvents extends TrialEvents {
  onProposed?(trials: TrialRecord[]): void;
  onTrialStart?(trial: TrialRecord): void;
  onTrialEnd?(trial: TrialRecord): void;
  /**
   * A trial this process was evaluating was recovered by another process (its heartbeat was
   * older than the grace period): its result was dropped, and the loop goes on.
   */
  onTrialLost?(trial: TrialRecord): void;
}

/** How the loop shares its study with other processes (see `tune-rag worker`). */
export interface LoopWorkers {
  /** The study's storage location (see resolveStudyStorage): heartbeats then beat from a thread with its own connection. */
  storage?: string;
  /** Default 5 s. */
  heartbeatIntervalMs?: number;
  /** Default 30 s: a running trial whose heartbeat is older is recovered (failed as interrupted, re-queued). */
  heartbeatGraceMs?: number;
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
  /** Heartbeats and stale-trial recovery; the defaults suit one or many processes. */
  workers?: LoopWorkers;
}

/**
 * The tuning loop: workers ask the study for waiting trials and evaluate them; when none waits,
 * one of them asks the proposer for a batch. Stops when the budget is used, the proposer has
 * nothing new, or the signal aborts (the running trials then finish as interrupted and are
 * re-enqueued on resume). A store failure (`StoreFailureError`) stops every worker and rejects
 * the loop with it; the trial it hit stays running and is re-run on resume.
 *
 * Several processes may run this loop on one study (`tune --workers`, `tune-rag worker`): each
 * running trial's heartbeat is renewed from a thread; proposing, and re-queueing trials whose
 * heartbeat went stale, happen under the study's proposer lease, so one process at a time
 * enqueues, sees every process's history, and enqueues only while the trials that count plus
 * those running or waiting stay under the budget. A trial recovered from under this process
 * is dropped (`onTrialLost`) and the loop goes on.
 */
export async function runTuningLoop(options: TuningLoopOptions): Promise<void> {
  const { study } = options;
  const stopOthers = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopOthers.signal]) : stopOthers.signal;
  const { seed, objectives, rungs } = study.settings;
  const pruner = studyPruner(study, options.pruner);
  const budget = () => options.control?.budget() ?? options.budget;
  const weights = () => options.control?.weights() ?? study.settings.weights;
  const timing = heartbeatTiming({
    intervalMs: options.workers?.heartbeatIntervalMs,
    graceMs: options.workers?.heartbeatGraceMs,
  });
  const holder = processId();
  const pollCapMs = Math.min(1_000, timing.intervalMs);
  const trialAborts = new Map<number, AbortController>();
  const pulse = startHeartbeatPulse({
    study,
    storage: options.workers?.storage,
    intervalMs: timing.intervalMs,
    onLost: (trialId) => trialAborts.get(trialId)?.abort(),
  });
  let proposing: Promise<ProposeOutcome> | null = null;
  let exhausted = false;

  // One round at a time per process: concurrent slots share the round in flight. The slot is
  // cleared in a `.finally` callback, which always runs after the assignment: clearing it inside
  // the round itself would run *before* the assignment whenever the round ends without awaiting
  // (lease busy, requeue, waiting trials), leaving that outcome cached forever (a worker that
  // never proposes again, or spins on a stale 'added' without ever yielding to signals).
  const propose = (): Promise<ProposeOutcome> => {
    proposing ??= proposeRound().finally(() => {
      proposing = null;
    });
    return proposing;
  };

  const proposeRound = async (): Promise<ProposeOutcome> => {
    if (!study.acquireLease({ name: PROPOSER_LEASE, holder, ttlMs: timing.graceMs })) return 'busy';
    pulse.holdLease({ name: PROPOSER_LEASE, holder, ttlMs: timing.graceMs });
    try {
      // Trials of a worker that stopped beating go back to the queue before anything new.
      study.failStale({ graceMs: timing.graceMs });
      if (study.requeueInterrupted().length > 0) return 'added';
      const tally = tallyTrials(study.trials(), holder);
      if (tally.waiting > 0) return 'added';
      const open = budget() - tally.counting - tally.running;
      if (open <= 0) return 'full';
      // Timings enter as tie-class values: a cold rerun must not propose differently because of noise.
      const history = decisionGradeHistory({ history: study.trials(), objectives });
      const n = Math.max(1, Math.min(options.batchSize ?? options.concurrency, open));
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
      return added.length > 0 ? 'added' : 'exhausted';
    } finally {
      pulse.dropLease(PROPOSER_LEASE);
      study.releaseLease({ name: PROPOSER_LEASE, holder });
    }
  };

  const evaluate = async (trial: TrialRecord): Promise<void> => {
    const lost = new AbortController();
    trialAborts.set(trial.id, lost);
    pulse.hold(trial.id, trial.workerId!);
    options.events?.onTrialStart?.(trial);
    try {
      const finished = await evaluateTrial({
        study,
        trial,
        runner: options.runner,
        questionOrder: options.questionOrder,
        rungs,
        objectives,
        weights: weights(),
        pruner,
        signal: AbortSignal.any([signal, lost.signal]),
        events: options.events,
      });
      options.events?.onTrialEnd?.(finished);
    } catch (error) {
      if (!isTrialNotHeld(error)) throw error;
      options.events?.onTrialLost?.(trial);
    } finally {
      pulse.drop(trial.id);
      trialAborts.delete(trial.id);
    }
  };

  const worker = async (id: string): Promise<void> => {
    // Set when a round said 'added' and the next ask found nothing (another process took it).
    let addedForOthers = false;
    let busyWaitMs = FIRST_BUSY_WAIT_MS;
    while (!signal.aborted && !exhausted) {
      if (options.control && !(await options.control.beforeTrial())) return;
      if (signal.aborted || exhausted) return;
      const tally = tallyTrials(study.trials(), holder);
      if (tally.counting >= budget()) return;
      // The budget is taken by what counts and what runs. Only another process's running trials
      // can still give some back (if that process died), so wait for them; ours finish here.
      const full = tally.counting + tally.running >= budget();
      const trial = full ? undefined : study.ask(id);
      if (trial) {
        addedForOthers = false;
        busyWaitMs = FIRST_BUSY_WAIT_MS;
        await evaluate(trial);
        continue;
      }
      const outcome = full ? 'full' : await propose();
      if (outcome === 'added') {
        // Store calls are synchronous and such a round awaits only settled promises: rounds that
        // keep adding trials others take would never let signal handlers (SIGTERM, Ctrl-C),
        // timers or heartbeat replies run, so the second one in a row waits a turn of the event
        // loop. (Not the first: a trial taken at once must start before a pending stop is seen,
        // as a single process always did.)
        if (addedForOthers) await yieldToEventLoop();
        addedForOthers = true;
        continue;
      }
      const now = tallyTrials(study.trials(), holder);
      if (now.waiting === 0 && now.othersRunning === 0 && outcome !== 'busy') return;
      if (outcome === 'busy') {
        // Another process holds the proposer lease: a local proposer's round takes milliseconds,
        // an LLM agent's seconds. Waiting a whole second each time idled a worker for most of a
        // trial whenever two finished together, so wait 10 ms at first, doubling to the cap.
        await pauseFor(busyWaitMs, signal);
        busyWaitMs = Math.min(busyWaitMs * 2, pollCapMs);
        continue;
      }
      await pauseFor(pollCapMs, signal);
      if (full) await propose();
    }
  };

  // A store failure in one worker stops the others (their running trials are cut short like a
  // Ctrl-C); the loop rejects with the first failure once every worker has returned.
  let storeError: unknown = null;
  const guarded = async (id: string): Promise<void> => {
    try {
      await worker(id);
    } catch (error) {
      if (!isStoreFailure(error)) throw error;
      storeError ??= error;
      stopOthers.abort();
    }
  };
  try {
    await pulse.ready;
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, (_, i) => guarded(workerId(i))));
  } finally {
    await pulse.close();
  }
  if (storeError) throw storeError;
}

/** The first wait for a proposer lease another process holds (then doubling). */
const FIRST_BUSY_WAIT_MS = 10;

/** What a proposal round did: enqueued (or found) waiting trials, or why not. */
type ProposeOutcome = 'added' | 'busy' | 'full' | 'exhausted';

/** The study's trials as the loop weighs them against the budget. */
function tallyTrials(trials: TrialRecord[], holder: string) {
  const running = trials.filter((t) => t.state === 'running');
  return {
    counting: trials.filter(countsTowardBudget).length,
    running: running.length,
    waiting: trials.filter((t) => t.state === 'waiting').length,
    /** Running under another process: it may die, and its trials come back after the grace period. */
    othersRunning: running.filter((t) => !t.workerId?.startsWith(`${holder}:`)).length,
  };
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
