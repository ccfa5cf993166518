import type { Param, ParamValue } from '../../../space/parameter-schema.js';
import { fromScale, isNumericParam, stepOf, snapValue, toScale } from './numeric-scale.js';

/** Default number of levels for a numeric parameter in a grid. */
export const DEFAULT_GRID_LEVELS = 5;

/**
 * Grid levels of one parameter: every categorical value; for int/float, `levels` values spread
 * evenly between low and high on the search scale (log-spaced for `log` parameters), endpoints
 * included, snapped to the step and de-duplicated. A range with no more distinct values than
 * `levels` yields all of them. E.g. a log int 64..1024 with 5 levels gives 64, 128, 256, 512, 1024.
 */
export function discretiseParam(param: Param, options: { levels?: number } = {}): ParamValue[] {
  if (param.type === 'categorical') return [...param.values];
  const levels = Math.max(2, Math.floor(options.levels ?? DEFAULT_GRID_LEVELS));
  const all = finiteValues(param, levels);
  if (all) return all;
  const low = toScale(param, param.low);
  const high = toScale(param, param.high);
  const out: number[] = [];
  for (let i = 0; i < levels; i++) {
    const value = snapValue(param, fromScale(param, low + ((high - low) * i) / (levels - 1)));
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

/**
 * Every value a parameter can take, when there are at most `limit` of them (categoricals, ints,
 * stepped floats); undefined for a free float or a range with more values. Used to tell whether a
 * space is finite, so proposers can enumerate it instead of guessing when it runs out.
 */
export function finiteValues(param: Param, limit: number): ParamValue[] | undefined {
  if (!isNumericParam(param)) return param.values.length <= limit ? [...param.values] : undefined;
  const step = stepOf(param);
  if (step === undefined) return param.low === param.high ? [param.low] : undefined;
  const count = Math.floor((param.high - param.low) / step + 1e-9) + 1;
  if (count > limit) return undefined;
  return Array.from({ length: count }, (_, i) => snapValue(param, param.low + i * step));
}
