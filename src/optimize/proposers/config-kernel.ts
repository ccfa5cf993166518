import { isActive } from '../../space/active-params.js';
import type { Config, Param, SearchSpace } from '../../space/parameter-schema.js';
import { isFixedParam } from './complete-config.js';
import { isNumericParam, scaleBounds, toScale } from './numeric-scale.js';

/** Kernel settings chosen per fit by marginal likelihood (see auto-surrogate.ts). */
export interface KernelSettings {
  /** Weight of the additive (main-effects) part; the rest goes to the joint (interaction) part. */
  additive: number;
  /** Soft Hamming distance at which the joint part falls to 1/e, as a share of the free parameters. */
  reach: number;
  /** Relevance of each parameter (same order as the similarities; default 1 each), learnt per fit. */
  relevance?: readonly number[];
}

/** Length scale of numeric parameters on their [0, 1] search scale. */
const NUMERIC_LENGTH = 0.25;

/**
 * Per-parameter similarities between configurations of a mixed, conditional space, in [0, 1]:
 * equal categorical values 1, different 0; numbers a squared-exponential on the search scale
 * (log for log parameters) normalised to [0, 1]; a categorical whose values are all numbers is
 * treated as ordered, half by identity and half by distance of rank, since such lists (3, 5, 10)
 * are almost always levels of a quantity. A parameter inactive in both configurations counts as
 * equal, in one only as different. Fixed parameters are skipped.
 */
export function createConfigSimilarity(space: SearchSpace): { dims: number; similarities(a: Config, b: Config): number[] } {
  const params = space.parameters.filter((p) => !isFixedParam(p));
  const position = params.map((param) => positionOf(param));
  const activeOf = (config: Config) => {
    const active = new Set<string>();
    for (const param of space.parameters) if (isActive(param, config, active)) active.add(param.name);
    return active;
  };
  const activeCache = new WeakMap<Config, Set<string>>();
  const active = (config: Config) => {
    let set = activeCache.get(config);
    if (!set) activeCache.set(config, (set = activeOf(config)));
    return set;
  };
  return {
    dims: params.length,
    similarities(a, b) {
      const activeA = active(a);
      const activeB = active(b);
      return params.map((param, i) => {
        const inA = activeA.has(param.name) && a[param.name] !== undefined;
        const inB = activeB.has(param.name) && b[param.name] !== undefined;
        if (!inA || !inB) return inA === inB ? 1 : 0;
        const va = a[param.name];
        const vb = b[param.name];
        if (va === vb) return 1;
        const pa = position[i](va);
        const pb = position[i](vb);
        if (pa === undefined || pb === undefined) return 0;
        const near = Math.exp(-0.5 * ((pa - pb) / NUMERIC_LENGTH) ** 2);
        return param.type === 'categorical' ? 0.5 * near : near;
      });
    },
  };
}

/** Combines per-parameter similarities into one kernel value in [0, 1] (1 on the diagonal). */
export function combineSimilarities(similarities: readonly number[], settings: KernelSettings): number {
  const dims = similarities.length;
  if (dims === 0) return 1;
  const relevance = settings.relevance;
  let sum = 0;
  let total = 0;
  for (let i = 0; i < dims; i++) {
    const w = relevance ? relevance[i] : 1;
    sum += w * similarities[i];
    total += w;
  }
  const additive = sum / total;
  const joint = Math.exp(-(total - sum) / Math.max(1e-9, settings.reach * total));
  return settings.additive * additive + (1 - settings.additive) * joint;
}

/** Where a value sits on the parameter's [0, 1] scale; undefined for unordered categorical values. */
function positionOf(param: Param): (value: unknown) => number | undefined {
  if (isNumericParam(param)) {
    const { low, high } = scaleBounds(param);
    const width = high - low;
    return (value) => (typeof value === 'number' && width > 0 ? (toScale(param, value) - low) / width : undefined);
  }
  const values = param.values;
  if (values.length < 3 || !values.every((v) => typeof v === 'number')) return () => undefined;
  const ranked = [...(values as number[])].sort((x, y) => x - y);
  return (value) => {
    const rank = ranked.indexOf(value as number);
    return rank < 0 ? undefined : rank / (ranked.length - 1);
  };
}
