import type { Objective } from '../proposers/proposer.js';
import type { Verdict } from './compare-objective.js';
import type { NoisyCandidate } from './verdict-matrix.js';

/**
 * Decision-grade values of one objective: candidates are walked from the best measured value
 * down (equal values in config-hash order); each joins the class of the current class leader
 * (the best value of the class) unless it is significantly different from it, in which case it
 * leads a new class. Every member gets its leader's value, so trials that tie within noise carry
 * exactly the same number and nothing downstream (scalarising, sorting, a surrogate) can order
 * them by noise. Unknown values stay null.
 *
 * `verdicts[i][j]` is candidate i against j on this objective (see verdictMatrix).
 */
export function tieClassValues(options: {
  candidates: readonly NoisyCandidate[];
  objective: Objective;
  verdicts: readonly Verdict[][];
}): (number | null)[] {
  const { candidates, objective, verdicts } = options;
  const raw = candidates.map((c) => {
    const v = c.objectives?.[objective.name];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  });
  const goodness = (i: number) => (objective.direction === 'max' ? raw[i]! : -raw[i]!);
  const known = [...candidates.keys()].filter((i) => raw[i] !== null);
  known.sort(
    (a, b) =>
      goodness(b) - goodness(a) ||
      compareText(candidates[a].configHash, candidates[b].configHash) ||
      candidates[a].id - candidates[b].id,
  );
  const values: (number | null)[] = raw.map(() => null);
  let leader = -1;
  for (const i of known) {
    if (leader === -1 || verdicts[i][leader] !== 0) leader = i;
    values[i] = raw[leader];
  }
  return values;
}

/** Plain code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
