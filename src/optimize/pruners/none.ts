import type { Pruner } from './pruner.js';

/**
 * The `none` pruner: every trial runs every rung. Rungs are still run one after the other, each
 * on its prefix of the question order, and each is stored, so a `none` study has the same rung
 * rows as a pruned one (rung results stay comparable across studies, and a crash keeps the rungs
 * already done). The prefix questions a later rung repeats are served by the stage cache, so the
 * extra cost is mostly scoring. For one run on all questions, with no intermediate rungs, turn
 * fidelity off instead (a single rung).
 */
export function noPruner(): Pruner {
  return { name: 'none', decide: () => ({ promote: true }) };
}
