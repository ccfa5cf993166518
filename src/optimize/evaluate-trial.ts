import type { QaItem } from '../data/dataset-schema.js';
import { stopsTheRun } from '../llm/llm-error.js';
import { RunAbortedError, type ConfigurationRunner, type RunResults } from '../pipeline/configuration-runner.js';
import { failureLimitReason } from './failure-limit.js';
import { objectiveStandardErrors } from './noise/objective-standard-errors.js';
import { storedQuestionValues } from './noise/stored-question-values.js';
import { objectiveValuesOf } from './objectives.js';
import type { Objective } from './proposers/proposer.js';
import type { PruneDecision, Pruner, RungPeer } from './pruners/pruner.js';
import { isStoreFailure } from '../store/store-failure.js';
import { isTrialNotHeld } from '../store/store-errors.js';
import { INTERRUPTED, type Study } from './study.js';
import type { QuestionResult, RungResult, TrialRecord } from '../store/trial.js';

export interface TrialEvents {
  /** After each question of each rung (for progress bars). */
  onQuestion?(trial: TrialRecord, rung: number): void;
  onRung?(trial: TrialRecord, rung: RungResult, decision: PruneDecision | null): void;
}

/**
 * Evaluates one claimed trial rung by rung: each rung runs the pipeline on the first `rungs[i]`
 * questions of the study's seeded order, is stored at once with its per-question results, and
 * the trial goes on only if `pruner` promotes it (asked after every rung but the last). A failure inside
 * the trial finishes it as failed with the reason; an abort (Ctrl-C) finishes it as interrupted.
 * A rung whose failed questions exceed the study's `maxFailureRate` finishes the trial as failed
 * with the count and the most common errors as its reason, keeping that rung's metrics (which
 * already score the failures as 0); failed trials are never peers in promotion decisions.
 * A store failure (`StoreFailureError`) is rethrown without touching the trial, to stop the run.
 * Every write names the trial's worker, so a trial another process recovered meanwhile (its
 * heartbeat went stale) is not written to: `TrialNotHeldError` is thrown and the caller drops it.
 */
export async function evaluateTrial(options: {
  study: Study;
  trial: TrialRecord;
  runner: ConfigurationRunner;
  questionOrder: readonly QaItem[];
  rungs: readonly number[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  /** Decides after each rung but the last whether the trial goes on (see createPruner). */
  pruner: Pruner;
  signal?: AbortSignal;
  events?: TrialEvents;
}): Promise<TrialRecord> {
  const { study, trial, runner, rungs, objectives } = options;
  const workerId = trial.workerId ?? undefined;
  let last: RungResult | null = null;
  try {
    for (let r = 0; r < rungs.length; r++) {
      const questions = options.questionOrder.slice(0, rungs[r]);
      const run = await runner.run({
        config: trial.config,
        questions,
        signal: options.signal,
        onProgress: ({ done }) => done > 0 && options.events?.onQuestion?.(trial, r),
      });
      const results = questionResults(run);
      const rung: RungResult = {
        rung: r,
        questions: questions.length,
        metrics: run.metrics,
        objectives: objectiveValuesOf(run.metrics, objectives),
        objectiveSe: objectiveStandardErrors({ questions: results, objectives }),
      };
      study.tellRung({ trialId: trial.id, rung, questions: results, workerId });
      last = rung;
      const tooManyFailures = failureLimitReason({
        errors: run.outcomes.map((o) => o.error),
        maxFailureRate: study.settings.maxFailureRate,
      });
      if (tooManyFailures) {
        options.events?.onRung?.(trial, rung, null);
        return study.finish({
          trialId: trial.id,
          state: 'failed',
          objectives: rung.objectives,
          metrics: rung.metrics,
          error: tooManyFailures,
          workerId,
        });
      }
      if (r === rungs.length - 1) {
        options.events?.onRung?.(trial, rung, null);
        return study.finish({
          trialId: trial.id,
          state: 'complete',
          objectives: rung.objectives,
          metrics: rung.metrics,
          workerId,
        });
      }
      // Peers are compared per question on this rung's (nested, shared) subset.
      const questionValuesOf = storedQuestionValues({
        questionResults: (q) => study.questionResults(q),
        rungOf: () => r,
      });
      const decision = await options.pruner.decide({
        candidateId: trial.id,
        rung: r,
        rungCount: rungs.length,
        peers: peersAt(study, r),
        objectives,
        weights: options.weights,
        questionValuesOf,
      });
      options.events?.onRung?.(trial, rung, decision);
      if (!decision.promote) {
        return study.finish({
          trialId: trial.id,
          state: 'pruned',
          objectives: rung.objectives,
          metrics: rung.metrics,
          workerId,
        });
      }
    }
    throw new Error('no rungs to evaluate');
  } catch (error) {
    // The store itself failed (locked, full, gone): not a result of this trial. Nothing more is
    // written; the trial stays running and --resume re-runs it without using budget.
    // The trial is another process's now: nothing more is written for it.
    if (isStoreFailure(error) || isTrialNotHeld(error)) throw error;
    if (stopsTheRun(error)) {
      // Out of money or a rejected key: the trial is cut short like a crash (re-run on resume) and
      // the error goes up to stop the whole search.
      try {
        study.finish({
          trialId: trial.id,
          state: 'failed',
          objectives: last?.objectives ?? null,
          metrics: last?.metrics ?? null,
          error: INTERRUPTED,
          workerId,
        });
      } catch (finishError) {
        if (!isTrialNotHeld(finishError)) throw finishError;
      }
      throw error;
    }
    const interrupted = error instanceof RunAbortedError;
    return study.finish({
      trialId: trial.id,
      state: 'failed',
      objectives: last?.objectives ?? null,
      metrics: last?.metrics ?? null,
      error: interrupted ? INTERRUPTED : error instanceof Error ? error.message : String(error),
      workerId,
    });
  }
}

/**
 * Every trial's result at rung r (same nested questions, so directly comparable), except failed
 * trials: a trial failed for too many failed questions is not ranked, so it must not take a
 * promotion slot either.
 */
function peersAt(study: Study, r: number): RungPeer[] {
  return study.trials().flatMap((t) => {
    if (t.state === 'failed') return [];
    const rung = t.rungs.find((x) => x.rung === r);
    return rung
      ? [
          {
            trialId: t.id,
            configHash: t.configHash,
            objectives: rung.objectives,
            objectiveSe: rung.objectiveSe ?? null,
            questions: rung.questions,
            state: t.state,
          },
        ]
      : [];
  });
}

function questionResults(run: RunResults): QuestionResult[] {
  return run.outcomes.map((outcome, i) => ({
    questionId: outcome.questionId,
    scores: run.scores[i],
    answer: outcome.answer,
    retrieved: outcome.retrieved.map((index) => {
      const chunk = run.chunks[index];
      return `${chunk.docId}:${chunk.start}-${chunk.end}`;
    }),
    latencyMs: outcome.latencyMs,
    usage: outcome.usage,
    ...(outcome.error ? { error: outcome.error } : {}),
  }));
}
