import type { TargetImportance } from './parameter-importance.js';

/**
 * The `--json` shape of parameter importance: one member per target (`score`, then each objective)
 * listing `{parameter, importance, explained}` most important first (importance shares sum to 1;
 * explained = fraction of the target's variance), plus `trials` (distinct trials behind the score)
 * and `r_squared` per target (variance the main effects explain together).
 */
export function importanceJson(targets: readonly TargetImportance[]): Record<string, unknown> {
  const round = (v: number) => Number(v.toFixed(4));
  return {
    ...Object.fromEntries(
      targets.map((t) => [
        t.target,
        t.parameters.map((p) => ({
          parameter: p.parameter,
          importance: round(p.importance),
          explained: round(p.explained),
        })),
      ]),
    ),
    trials: targets[0]?.trials ?? 0,
    r_squared: Object.fromEntries(targets.map((t) => [t.target, round(t.rSquared)])),
  };
}
