import { optionRef, TuneRagError } from '../errors.js';

/**
 * The numeric options of `tune` with their defaults, checked: the CLI's parsers already reject
 * bad flags, but a library caller can pass anything, and a budget of 0 or a fractional
 * concurrency would otherwise surface deep in the loop (or never: a loop that does nothing).
 */
export function checkTuneNumbers(options: {
  budget?: number;
  seed?: number;
  concurrency?: number;
  eta?: number;
  questions?: number;
  maxFailureRate?: number;
  cacheBudget?: number;
}): { budget: number; seed: number; concurrency: number; eta: number } {
  const budget = wholeNumber('budget', options.budget ?? 30, 1);
  const seed = wholeNumber('seed', options.seed ?? 0, 0);
  const concurrency = wholeNumber('concurrency', options.concurrency ?? 1, 1);
  const eta = wholeNumber('eta', options.eta ?? 3, 1);
  if (options.questions !== undefined) wholeNumber('questions', options.questions, 1);
  if (options.cacheBudget !== undefined) wholeNumber('cacheBudget', options.cacheBudget, 1);
  const rate = options.maxFailureRate;
  if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0 && rate <= 1)) {
    throw new TuneRagError(
      'cli',
      `${optionRef('maxFailureRate')} must be a share between 0 and 1 (e.g. 0.2), got ${rate}`,
    );
  }
  return { budget, seed, concurrency, eta };
}

function wholeNumber(option: string, value: number, min: number): number {
  if (Number.isSafeInteger(value) && value >= min) return value;
  throw new TuneRagError('cli', `${optionRef(option)} must be a whole number >= ${min}, got ${value}`);
}
