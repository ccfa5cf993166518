import type { Config, Param, ParamGroup, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';
import { completeConfig, isFixedParam } from '../sampling/complete-config.js';
import { discretiseParam } from '../sampling/discretise-space.js';
import { standardNormal } from '../../../stats/gaussian-random.js';
import { fromScale, isNumericParam, scaleBounds, snapValue, toScale } from '../sampling/numeric-scale.js';

/** One candidate move of the greedy proposer: the new configuration and what changed. */
export interface GreedyMove {
  config: Config;
  group?: ParamGroup;
  changes: { name: string; value: ParamValue }[];
}

/**
 * The order in which greedy varies parameters: group by group in `groups` order; inside a group,
 * parameters choosing between named alternatives (a categorical with text values: a model, a
 * strategy) before those setting a level (numbers, switches), each in declaration order.
 *
 * Why: which component to use usually moves results far more than how it is tuned, and each
 * later choice is made around the better components ("models first"). The rule needs no
 * knowledge of what a parameter means, so it also orders a flat space such as a tabular
 * benchmark's, where every column sits in one group.
 */
export function coordinateOrder(space: SearchSpace, groups: readonly ParamGroup[]): Param[] {
  const choosesComponent = (param: Param) =>
    param.type === 'categorical' && param.values.some((v) => typeof v === 'string');
  const out: Param[] = [];
  for (const group of groups) {
    const members = space.parameters.filter((p) => p.group === group);
    out.push(...members.filter(choosesComponent), ...members.filter((p) => !choosesComponent(p)));
  }
  return out;
}

/**
 * One-parameter variations of `anchor`, parameter by parameter in {@link coordinateOrder}, from
 * the parameter named `from` on (default: the first), over `levels(param, current)`. Only
 * parameters active in the anchor move; one whose controller changes (fusion when retrieval
 * becomes hybrid) takes `fill`'s value, and parameters the change switches off are dropped.
 */
export function* oneParameterMoves(options: {
  space: SearchSpace;
  anchor: Config;
  groups: readonly ParamGroup[];
  levels: (param: Param, current: ParamValue) => readonly ParamValue[];
  fill: (param: Param) => ParamValue;
  from?: string;
}): Generator<GreedyMove> {
  const { space, anchor, groups, levels, fill, from } = options;
  const order = coordinateOrder(space, groups);
  const first = Math.max(
    0,
    order.findIndex((p) => p.name === from),
  );
  for (const param of order.slice(first)) {
    const current = anchor[param.name];
    if (current === undefined || isFixedParam(param)) continue;
    for (const value of levels(param, current)) {
      if (value === current) continue;
      const config = completeConfig({ space, draft: { ...anchor, [param.name]: value }, fill });
      yield { config, group: param.group, changes: [{ name: param.name, value }] };
    }
  }
}

/** Coarse levels: the grid levels of the parameter (all values for a categorical). */
export function coarseLevels(levels: number): (param: Param) => ParamValue[] {
  return (param) => discretiseParam(param, { levels });
}

/**
 * Finer levels around the current value of a numeric parameter: the points halfway and a quarter
 * of the way (on the search scale) towards the neighbouring coarse levels. Categoricals have none;
 * their coarse pass already tried every value.
 */
export function fineLevels(levels: number): (param: Param, current: ParamValue) => number[] {
  return (param, current) => {
    if (!isNumericParam(param) || typeof current !== 'number') return [];
    const coarse = discretiseParam(param, { levels }) as number[];
    const below = Math.max(...coarse.filter((v) => v < current));
    const above = Math.min(...coarse.filter((v) => v > current));
    const here = toScale(param, current);
    const out: number[] = [];
    for (const fraction of [0.5, 0.25]) {
      for (const neighbour of [below, above]) {
        if (!Number.isFinite(neighbour)) continue;
        const value = snapValue(param, fromScale(param, here + (toScale(param, neighbour) - here) * fraction));
        if (value !== current && !out.includes(value)) out.push(value);
      }
    }
    return out;
  };
}

/**
 * Seeded random perturbations of `anchor`: one or two of its free parameters change, numbers by a
 * Gaussian step of 15% of their range on the search scale, categoricals to another value. Used
 * once every coarse and fine one-parameter move has been tried. Endless: the caller bounds it.
 */
export function* perturbations(options: {
  space: SearchSpace;
  anchor: Config;
  random: () => number;
  fill: (param: Param) => ParamValue;
}): Generator<GreedyMove> {
  const { space, anchor, random, fill } = options;
  const free = space.parameters.filter((p) => anchor[p.name] !== undefined && !isFixedParam(p));
  if (free.length === 0) return;
  for (;;) {
    const count = Math.min(free.length, random() < 0.5 ? 1 : 2);
    const picked: Param[] = [];
    while (picked.length < count) {
      const candidate = free[Math.floor(random() * free.length)];
      if (!picked.includes(candidate)) picked.push(candidate);
    }
    const draft: Config = { ...anchor };
    const changes = picked.map((param) => {
      const value = perturbValue(param, anchor[param.name], random);
      draft[param.name] = value;
      return { name: param.name, value };
    });
    yield { config: completeConfig({ space, draft, fill }), changes };
  }
}

function perturbValue(param: Param, current: ParamValue, random: () => number): ParamValue {
  if (param.type === 'categorical') {
    const others = param.values.filter((v) => v !== current);
    return others.length ? others[Math.floor(random() * others.length)] : current;
  }
  const { low, high } = scaleBounds(param);
  const x = toScale(param, current as number) + 0.15 * (high - low) * standardNormal(random);
  return snapValue(param, fromScale(param, Math.min(high, Math.max(low, x))));
}
