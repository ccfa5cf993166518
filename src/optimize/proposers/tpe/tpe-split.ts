import type { TrialRecord } from '../../../store/trial.js';
import { scalariseObjectives } from '../../objective-score.js';
import type { Objective } from '../proposer.js';

/** Finished trials ranked and cut into TPE's "good" (l) and "bad" (g) groups. */
export interface TpeSplit {
  good: TrialRecord[];
  bad: TrialRecord[];
  /** Every complete or pruned trial, best first. */
  ranked: TrialRecord[];
}

/**
 * Ranks complete and pruned trials and takes the best ceil(gamma * n) (at least 1, at most
 * `maxGood`) as good. Failed, waiting and running trials are left out.
 *
 * Complete trials rank by the weighted scalarised objectives (see scalariseObjectives, normalised
 * over all finished trials). Pruned trials use the objectives of their highest rung but rank below
 * every complete trial, deeper rungs first, as Optuna does: the pruner already judged them worse,
 * and partial values from a few questions are too noisy to outrank a full evaluation.
 */
export function splitTrials(options: {
  history: readonly TrialRecord[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  gamma: number;
  maxGood: number;
}): TpeSplit {
  const finished = options.history.filter((t) => t.state === 'complete' || t.state === 'pruned');
  const scores = scalariseObjectives({
    rows: finished.map((t) => t.objectives),
    objectives: options.objectives,
    weights: options.weights,
  });
  const order = finished.map((_, i) => i);
  order.sort((a, b) => {
    const ta = finished[a];
    const tb = finished[b];
    const pa = ta.state === 'pruned' ? 1 : 0;
    const pb = tb.state === 'pruned' ? 1 : 0;
    if (pa !== pb) return pa - pb;
    if (pa === 1 && ta.rungs.length !== tb.rungs.length) return tb.rungs.length - ta.rungs.length;
    return scores[b] - scores[a] || ta.number - tb.number;
  });
  const ranked = order.map((i) => finished[i]);
  const nGood = Math.min(
    ranked.length,
    Math.max(1, Math.min(options.maxGood, Math.ceil(options.gamma * ranked.length))),
  );
  return { good: ranked.slice(0, nGood), bad: ranked.slice(nGood), ranked };
}
