import { optionRef, TuneRagError } from '../../errors.js';
import { didYouMean } from '../../names/suggest-name.js';
import { medianPruner } from './median.js';
import { noPruner } from './none.js';
import { PRUNER_NAMES, type Pruner, type PrunerName } from './pruner.js';
import { successiveHalvingPruner } from './successive-halving.js';

/** What {@link createPruner} builds: a built-in pruner by name, with its parameters. */
export interface PrunerOptions {
  name: string;
  /** successive-halving: keep the top 1/eta at each rung (default 3). */
  eta?: number;
  /** median: no pruning until this many trials completed (default 5, Optuna's n_startup_trials). */
  startupTrials?: number;
  /** median: no pruning at rungs below this index (default 0, Optuna's n_warmup_steps). */
  warmupRungs?: number;
}

/**
 * Builds a built-in pruner. An unknown name, or a parameter that is not a whole number in range,
 * is a TuneRagError naming the option (`pruner`, `eta`, ...).
 */
export function createPruner(options: PrunerOptions): Pruner {
  const name = checkPrunerName(options.name);
  if (name === 'successive-halving') return successiveHalvingPruner({ eta: wholeNumber('eta', options.eta ?? 3, 1) });
  if (name === 'median') {
    return medianPruner({
      startupTrials:
        options.startupTrials === undefined ? undefined : wholeNumber('startupTrials', options.startupTrials, 0),
      warmupRungs: options.warmupRungs === undefined ? undefined : wholeNumber('warmupRungs', options.warmupRungs, 0),
    });
  }
  return noPruner();
}

/** `name` if it is a built-in pruner's, else a TuneRagError listing them. */
export function checkPrunerName(name: string): PrunerName {
  if ((PRUNER_NAMES as readonly string[]).includes(name)) return name as PrunerName;
  throw new TuneRagError(
    'config',
    `${optionRef('pruner')}: unknown pruner "${name}".${didYouMean(name, PRUNER_NAMES)}`,
    { hint: `Available: ${PRUNER_NAMES.join(', ')}` },
  );
}

function wholeNumber(option: string, value: number, min: number): number {
  if (Number.isInteger(value) && value >= min) return value;
  throw new TuneRagError('config', `${optionRef(option)}: expected a whole number of at least ${min}, got ${value}`);
}
