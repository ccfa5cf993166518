import { checkValue } from '../../../space/check-value.js';
import type { Config, Param, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';
import { completeConfig } from './complete-config.js';
import { discretiseParam } from './discretise-space.js';

/**
 * A parameter's neutral value: `start[name]` when valid, else the first categorical value (fixed
 * parameters have only one) or the middle grid level of a numeric range (256 for a log 64..1024),
 * which is a safer first guess than either end.
 */
export function neutralValue(param: Param, start: Config = {}): ParamValue {
  const given = start[param.name];
  if (given !== undefined && checkValue(param, given) === null) return given;
  if (param.type === 'categorical') return param.values[0];
  const levels = discretiseParam(param);
  return levels[Math.floor((levels.length - 1) / 2)];
}

/** The configuration made of neutral values (see {@link neutralValue}), holding only active keys. */
export function startConfig(options: { space: SearchSpace; start?: Config }): Config {
  return completeConfig({ space: options.space, fill: (param) => neutralValue(param, options.start) });
}
