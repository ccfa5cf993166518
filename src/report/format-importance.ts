import Table from 'cli-table3';
import { SCORE_TARGET, type TargetImportance } from '../optimize/importance/parameter-importance.js';

/**
 * The terminal table of parameter importance: one row per parameter (most important for the score
 * first), one column per target, each cell the parameter's share in percent ("—" when the target
 * never varied). Empty when no target could be fitted (too few trials).
 */
export function formatImportance(targets: readonly TargetImportance[]): string[] {
  const fitted = targets.filter((t) => t.parameters.length > 0);
  if (fitted.length === 0) return [];
  const score = targets.find((t) => t.target === SCORE_TARGET);
  const order = [
    ...new Set([...(score?.parameters ?? []), ...fitted.flatMap((t) => t.parameters)].map((p) => p.parameter)),
  ];
  const table = new Table({
    head: ['parameter', ...targets.map((t) => t.target)],
    style: { head: [], border: [], compact: true },
  });
  for (const parameter of order) {
    table.push([
      parameter,
      ...targets.map((t) => {
        if (t.parameters.length === 0) return '—';
        const share = t.parameters.find((p) => p.parameter === parameter)?.importance ?? 0;
        return `${(share * 100).toFixed(1)}%`;
      }),
    ]);
  }
  table.push(['(main effects R²)', ...targets.map((t) => (t.parameters.length ? t.rSquared.toFixed(2) : '—'))]);
  const trials = score?.trials ?? fitted[0].trials;
  return [
    `Parameter importance (share of each target's main-effect variance beyond chance; ${trials} trials, pruned ones at the rungs they reached)`,
    table.toString(),
  ];
}
