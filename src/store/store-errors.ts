import { TuneRagError, optionRef } from '../errors.js';
import type { TrialRecord, TrialState } from './trial.js';

/**
 * The store's rule violations, shared by every {@link StudyStore} implementation so that the
 * SQLite and in-memory stores fail with the same message for the same misuse (the contract suite
 * compares them). Each one is a programming or concurrency error seen by the study, not bad user
 * input, but it still carries a message a user can act on when it surfaces in the CLI.
 */

/** A study with this name exists already (names are unique so `--study NAME` resolves to one). */
export function duplicateStudyError(name: string): TuneRagError {
  return new TuneRagError('store', `a study named "${name}" already exists`, {
    hint: `pick another ${optionRef('study')} name, or resume the existing study`,
  });
}

export function studyNotFoundError(studyId: number): TuneRagError {
  return new TuneRagError('store', `study ${studyId} does not exist in the store`);
}

export function trialNotFoundError(trialId: number): TuneRagError {
  return new TuneRagError('store', `trial ${trialId} does not exist in the store`);
}

/**
 * `action` was attempted on a trial whose state does not allow it, e.g. finishing a trial twice.
 * Says which states were required so the caller sees whether it raced another worker.
 */
export function trialStateError(
  trial: Pick<TrialRecord, 'id' | 'number' | 'state'>,
  action: string,
  required: TrialState,
): TuneRagError {
  const finished = trial.state === 'complete' || trial.state === 'pruned' || trial.state === 'failed';
  return new TuneRagError(
    'store',
    `cannot ${action} trial #${trial.number} (id ${trial.id}): it is ${trial.state}, not ${required}` +
      (finished ? '; finished trials are immutable' : ''),
  );
}

/** A rung was recorded twice for the same trial. */
export function duplicateRungError(trial: Pick<TrialRecord, 'id' | 'number'>, rung: number): TuneRagError {
  return new TuneRagError('store', `trial #${trial.number} (id ${trial.id}) already has a result for rung ${rung}`);
}

/**
 * A worker wrote to a trial it no longer holds: the trial was recovered as stale by another
 * worker (its heartbeat stopped for longer than the grace period) or is finished. The worker
 * drops its result; the store changed nothing.
 */
export class TrialNotHeldError extends TuneRagError {
  readonly trialId: number;
  readonly workerId: string;

  constructor(trial: Pick<TrialRecord, 'id' | 'number' | 'state' | 'workerId'>, workerId: string) {
    super(
      'store',
      `trial #${trial.number} (id ${trial.id}) is not running under worker ${workerId} any more: it is ${trial.state}` +
        (trial.state === 'running' ? ` under worker ${trial.workerId}` : ''),
      {
        hint: 'another worker recovered it after its heartbeat stopped (raise the heartbeat grace period if this worker was only slow)',
      },
    );
    this.name = 'TrialNotHeldError';
    this.trialId = trial.id;
    this.workerId = workerId;
  }
}

/** With a `workerId`, the trial must still be running under that worker; throws {@link TrialNotHeldError} otherwise. */
export function checkTrialHeld(
  trial: Pick<TrialRecord, 'id' | 'number' | 'state' | 'workerId'>,
  workerId: string | undefined,
): void {
  if (workerId !== undefined && (trial.state !== 'running' || trial.workerId !== workerId))
    throw new TrialNotHeldError(trial, workerId);
}

/** Whether `error` says a trial was taken from this worker (recovered as stale, or finished). */
export function isTrialNotHeld(error: unknown): error is TrialNotHeldError {
  return error instanceof TrialNotHeldError;
}
