import { scoreOrder } from '../noise/rank-with-noise.js';
import { compareText } from '../noise/tie-class-values.js';
import type { NoisyCandidate } from '../noise/verdict-matrix.js';

/** What decided between the pick and its nearest rival when they tie within noise. */
export type TieBreak = 'more questions' | 'better smoothed estimate' | 'better weighted score' | 'lower config hash';

/**
 * The order among candidates that tie the leader within noise (pickBest step 3): more questions
 * evaluated, then a better smoothed estimate (present before absent), then a better weighted
 * score over reproducible values (timings by tie class), then the lower config hash. `decidedBy` names the first of these
 * that separates two candidates, for the one-clause reason the summary prints.
 */
export function tieOrder(options: {
  candidates: readonly NoisyCandidate[];
  scores: readonly number[];
  smoothed?: ReadonlyMap<number, number>;
}) {
  const { candidates, scores, smoothed } = options;
  const smooth = (i: number) => smoothed?.get(candidates[i].id);
  const steps: [TieBreak, (a: number, b: number) => number][] = [
    ['more questions', (a, b) => candidates[b].questions - candidates[a].questions],
    ['better smoothed estimate', (a, b) => bySmoothed(smooth(a), smooth(b))],
    ['better weighted score', (a, b) => scoreOrder(scores[a], scores[b])],
    [
      'lower config hash',
      (a, b) => compareText(candidates[a].configHash, candidates[b].configHash) || candidates[a].id - candidates[b].id,
    ],
  ];
  return {
    compare: (a: number, b: number): number => {
      for (const [, step] of steps) {
        const c = step(a, b);
        if (c !== 0) return c;
      }
      return 0;
    },
    decidedBy: (a: number, b: number): TieBreak =>
      steps.find(([, step]) => step(a, b) !== 0)?.[0] ?? 'lower config hash',
  };
}

function bySmoothed(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return Math.abs(a - b) <= 1e-12 ? 0 : b - a;
}
