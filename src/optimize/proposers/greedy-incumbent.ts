import type { Config, ParamGroup, SearchSpace } from '../../space/parameter-schema.js';
import type { TrialRecord } from '../trial.js';
import { scalariseObjectives } from './objective-score.js';
import type { Objective } from './proposer.js';

/** The best complete trial and, when it was a one-group variation of an earlier trial, that group. */
export interface Incumbent {
  trial: TrialRecord;
  /** Group in which the incumbent differs from its parent; the greedy pass resumes there. */
  changedGroup?: ParamGroup;
}

/**
 * Finds the incumbent: the complete trial with the best weighted scalarised objectives (earliest
 * wins ties); undefined when nothing is complete. Pruned trials never qualify, their values come
 * from a subset of questions.
 *
 * The parent is the latest earlier trial that differs from the incumbent only in parameters of one
 * group (parameters switched on or off by that change are ignored). Knowing that group lets the
 * stateless greedy proposer continue its pass from there instead of restarting at the first group.
 */
export function findIncumbent(options: {
  space: SearchSpace;
  history: readonly TrialRecord[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
}): Incumbent | undefined {
  const complete = options.history.filter((t) => t.state === 'complete');
  if (complete.length === 0) return undefined;
  const scores = scalariseObjectives({ rows: complete.map((t) => t.objectives), objectives: options.objectives, weights: options.weights });
  let bestIndex = 0;
  complete.forEach((t, i) => {
    const best = complete[bestIndex];
    if (scores[i] > scores[bestIndex] || (scores[i] === scores[bestIndex] && t.number < best.number)) bestIndex = i;
  });
  const trial = complete[bestIndex];
  const groupOf = new Map(options.space.parameters.map((p) => [p.name, p.group]));
  const parents = options.history.filter((t) => t.number < trial.number).sort((a, b) => b.number - a.number);
  for (const parent of parents) {
    const group = singleChangedGroup(parent.config, trial.config, groupOf);
    if (group) return { trial, changedGroup: group };
  }
  return { trial };
}

function singleChangedGroup(a: Config, b: Config, groupOf: ReadonlyMap<string, ParamGroup>): ParamGroup | undefined {
  const groups = new Set<ParamGroup | undefined>();
  for (const name of Object.keys(b)) {
    if (a[name] !== undefined && a[name] !== b[name]) groups.add(groupOf.get(name));
  }
  return groups.size === 1 ? [...groups][0] : undefined;
}
