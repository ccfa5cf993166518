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
 * A worker reported on a trial it no longer holds: another process found its heartbeat older than
 * the grace period and recovered the trial (failed it as interrupted and re-queued it), or it is
 * finished. The worker drops its result; nothing was changed.
 */
export class TrialNotHeldError extends TuneRagError {
  readonly trialId: number;
  readonly workerId: string;

  constructor(trial: Pick<TrialRecord, 'id' | 'number' | 'state' | 'workerId'>, workerId: string) {
    const now =
      trial.state === 'running' ? `it is running under worker ${trial.workerId ?? '(none)'}` : `it is ${trial.state}`;
    super(
      'store',
      `trial #${trial.number} (id ${trial.id}) is not held by worker ${workerId} any more: ${now} (another process recovers a trial whose heartbeat is older than the grace period)`,
      {
        hint: `the trial was re-queued and another worker re-runs it; if this happens often, raise ${optionRef('heartbeatGrace')}`,
      },
    );
    this.name = 'TrialNotHeldError';
    this.trialId = trial.id;
    this.workerId = workerId;
  }
}

/** Whether `error` says a worker lost its trial (see {@link TrialNotHeldError}). */
export function isTrialNotHeld(error: unknown): error is TrialNotHeldError {
  return error instanceof TrialNotHeldError;
}

/**
 * Throws {@link TrialNotHeldError} unless `trial` is running under `workerId` (when one is given).
 * Shared by every store so both say the same thing for the same race.
 */
export function checkTrialHeld(
  trial: Pick<TrialRecord, 'id' | 'number' | 'state' | 'workerId'>,
  workerId: string | undefined,
): void {
  if (workerId === undefined) return;
  if (trial.state !== 'running' || trial.workerId !== workerId) throw new TrialNotHeldError(trial, workerId);
}
