import type { Config, ParamGroup, SearchSpace } from '../../../space/parameter-schema.js';
import type { TrialRecord } from '../../../store/trial.js';
import { scalariseObjectives } from '../../objective-score.js';
import type { Objective } from '../proposer.js';

/** The best complete trial and, when it was a one-group variation of an earlier trial, what changed. */
export interface Incumbent {
  trial: TrialRecord;
  /** Group in which the incumbent differs from its parent; the greedy pass resumes there. */
  changedGroup?: ParamGroup;
  /**
   * The one parameter in which the incumbent differs from its latest one-parameter parent, when
   * there is such a parent: the greedy pass resumes at that parameter, not at the start of its
   * group, so a group of many parameters (a flat tabular space has one) is not walked again.
   */
  changedParam?: string;
}

/**
 * Finds the incumbent: the complete trial with the best weighted scalarised objectives (earliest
 * wins ties); undefined when nothing is complete. Pruned trials never qualify, their values come
 * from a subset of questions.
 *
 * The parent is the latest earlier trial that differs from the incumbent in one parameter, else
 * the latest that differs only in parameters of one group (parameters switched on or off by that
 * change are ignored). Knowing that parameter or group lets the stateless greedy proposer continue
 * its pass from there instead of restarting at the first group.
 */
export function findIncumbent(options: {
  space: SearchSpace;
  history: readonly TrialRecord[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
}): Incumbent | undefined {
  const complete = options.history.filter((t) => t.state === 'complete');
  if (complete.length === 0) return undefined;
  const scores = scalariseObjectives({
    rows: complete.map((t) => t.objectives),
    objectives: options.objectives,
    weights: options.weights,
  });
  let bestIndex = 0;
  complete.forEach((t, i) => {
    const best = complete[bestIndex];
    if (scores[i] > scores[bestIndex] || (scores[i] === scores[bestIndex] && t.number < best.number)) bestIndex = i;
  });
  const trial = complete[bestIndex];
  const groupOf = new Map(options.space.parameters.map((p) => [p.name, p.group]));
  const parents = options.history.filter((t) => t.number < trial.number).sort((a, b) => b.number - a.number);
  for (const parent of parents) {
    const changed = changedParams(parent.config, trial.config);
    if (changed.length === 1) return { trial, changedGroup: groupOf.get(changed[0]), changedParam: changed[0] };
  }
  for (const parent of parents) {
    const group = singleChangedGroup(parent.config, trial.config, groupOf);
    if (group) return { trial, changedGroup: group };
  }
  return { trial };
}

/** Parameters set in both configurations with different values (switched on or off ones are ignored). */
function changedParams(a: Config, b: Config): string[] {
  return Object.keys(b).filter((name) => a[name] !== undefined && a[name] !== b[name]);
}

function singleChangedGroup(a: Config, b: Config, groupOf: ReadonlyMap<string, ParamGroup>): ParamGroup | undefined {
  const groups = new Set<ParamGroup | undefined>();
  for (const name of Object.keys(b)) {
    if (a[name] !== undefined && a[name] !== b[name]) groups.add(groupOf.get(name));
  }
  return groups.size === 1 ? [...groups][0] : undefined;
}
