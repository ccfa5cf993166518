import { isActive } from '../../space/active-params.js';
import { configValue } from '../../space/neutral-values.js';
import type { Config, Param, SearchSpace } from '../../space/parameter-schema.js';
import type { SteeringState } from './steering-state.js';

/**
 * The search space as the user has steered it: a pinned parameter becomes single-valued,
 * excluded values are removed, a narrowed range replaces the declared one. Every proposer reads
 * this space, so none of them can propose a pinned-away or excluded value; conditions are kept, so
 * a pin of `embedder` only matters where an embedder is used.
 *
 * Validation (steering-validation.ts) guarantees no parameter loses all its values.
 */
export function steerSpace(space: SearchSpace, state: SteeringState): SearchSpace {
  return { ...space, parameters: space.parameters.map((param) => steerParam(param, state)) };
}

function steerParam(param: Param, state: SteeringState): Param {
  const pinned = state.pins[param.name];
  if (pinned !== undefined) {
    if (param.type === 'categorical') return { ...param, values: [pinned] };
    return { ...param, low: pinned as number, high: pinned as number };
  }
  if (param.type === 'categorical') {
    const excluded = state.excluded[param.name];
    return excluded ? { ...param, values: param.values.filter((v) => !excluded.includes(v)) } : param;
  }
  const range = state.ranges[param.name];
  if (!range) return param;
  const low = Math.max(param.low, range.low);
  const high = Math.min(param.high, range.high);
  // A log scale needs a positive low end; the declared one already is, and narrowing only raises it.
  return { ...param, low, high };
}

/**
 * Why a configuration breaks the steering (pins, exclusions, ranges), one reason per broken rule;
 * empty when it honours all of them. Only active parameters count: a pinned embedder does not
 * concern a BM25-only configuration.
 */
export function steeringViolations(options: { config: Config; space: SearchSpace; state: SteeringState }): string[] {
  const { config, space, state } = options;
  const reasons: string[] = [];
  const active = new Set<string>();
  for (const param of space.parameters) {
    if (!isActive(param, config, active)) continue;
    active.add(param.name);
    const value = configValue(config, param.name);
    const pinned = state.pins[param.name];
    if (pinned !== undefined && value !== pinned) reasons.push(`${param.name}=${value} but it is pinned to ${pinned}`);
    if (state.excluded[param.name]?.includes(value)) reasons.push(`${param.name}=${value} is excluded`);
    const range = state.ranges[param.name];
    if (range && typeof value === 'number' && (value < range.low || value > range.high))
      reasons.push(`${param.name}=${value} is outside [${range.low}, ${range.high}]`);
  }
  return reasons;
}
