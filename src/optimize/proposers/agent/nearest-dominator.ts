import { dominates } from '../../pareto/non-dominated-sort.js';
import { objectivePoints } from '../../pareto/pareto-front.js';
import type { TrialRecord } from '../../../store/trial.js';
import type { Objective } from '../proposer.js';

/** The closest trial that beats the last one on every objective, and how its configuration differs. */
export interface NearestDominator {
  last: TrialRecord;
  dominator: TrialRecord;
  /** "top_k 8→4" (last → dominator); an inactive side reads "off". */
  differences: string[];
}

/**
 * For the agent's next move: the configuration nearest to the last finished trial (fewest
 * differing parameters, then the earlier trial) that Pareto-dominates it on the same questions,
 * i.e. at the last trial's highest rung, where every trial that reached that rung ran the same
 * nested question subset. It tells the model which direction the last step should have gone.
 * Undefined when the last finished trial has no scored rung or nothing dominates it.
 */
export function nearestDominator(options: {
  history: readonly TrialRecord[];
  objectives: readonly Objective[];
}): NearestDominator | undefined {
  const { objectives } = options;
  const last = lastScored(options.history);
  if (!last) return undefined;
  const rung = last.rungs.length - 1;
  const directions = objectives.map((o) => o.direction);
  const atRung = (t: TrialRecord) => ({ objectives: t.rungs.find((r) => r.rung === rung)?.objectives ?? null });
  const [lastPoint] = objectivePoints({ items: [atRung(last)], objectives });
  let best: NearestDominator | undefined;
  for (const trial of options.history) {
    if (trial === last || trial.state === 'failed' || !trial.rungs.some((r) => r.rung === rung)) continue;
    const [point] = objectivePoints({ items: [atRung(trial)], objectives });
    if (!dominates(point, lastPoint, directions)) continue;
    const differences = differencesOf(last, trial);
    if (!best || differences.length < best.differences.length) best = { last, dominator: trial, differences };
  }
  return best;
}

/** The last finished trial with a scored rung (complete or pruned). */
function lastScored(history: readonly TrialRecord[]): TrialRecord | undefined {
  return [...history].reverse().find((t) => (t.state === 'complete' || t.state === 'pruned') && t.rungs.length > 0);
}

function differencesOf(from: TrialRecord, to: TrialRecord): string[] {
  const names = [...new Set([...Object.keys(from.config), ...Object.keys(to.config)])].sort();
  const text = (value: unknown) =>
    value === undefined
      ? 'off'
      : typeof value === 'number' && !Number.isInteger(value)
        ? value.toFixed(2)
        : String(value);
  return names
    .filter((name) => from.config[name] !== to.config[name])
    .map((name) => `${name} ${text(from.config[name])}→${text(to.config[name])}`);
}

/** The prompt line for {@link nearestDominator}. */
export function describeNearestDominator(options: {
  history: readonly TrialRecord[];
  objectives: readonly Objective[];
}): string | null {
  const last = lastScored(options.history);
  if (!last) return null;
  const found = nearestDominator(options);
  if (!found)
    return `Nearest configuration that dominates the last trial #${last.number}: none (nothing beats it on every objective on the same questions).`;
  return `Nearest configuration that dominates the last trial #${last.number}: #${found.dominator.number}, which differs in ${found.differences.join(', ')} (better or equal on every objective on the same questions).`;
}
