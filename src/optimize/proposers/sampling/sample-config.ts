import type { Config, Param, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';
import { completeConfig } from './complete-config.js';
import { fromScale, scaleBounds, snapValue } from './numeric-scale.js';

/**
 * One uniform draw for one parameter: a categorical value, or a number uniform on the search scale
 * (log-uniform for `log` parameters) snapped to the parameter's step.
 */
export function sampleParamValue(param: Param, random: () => number): ParamValue {
  if (param.type === 'categorical') return param.values[Math.floor(random() * param.values.length)];
  const { low, high } = scaleBounds(param);
  return snapValue(param, fromScale(param, low + random() * (high - low)));
}

/**
 * A random valid configuration: parameters are drawn in declaration order and inactive ones are
 * skipped, so conditional parameters appear exactly when their conditions hold.
 */
export function sampleConfig(options: { space: SearchSpace; random: () => number }): Config {
  return completeConfig({ space: options.space, fill: (param) => sampleParamValue(param, options.random) });
}
