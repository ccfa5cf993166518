import { TuneRagError } from '../../../errors.js';
import { isFixedNeutral, withoutNeutralValues } from '../../../space/neutral-values.js';
import { isActive } from '../../../space/active-params.js';
import { checkValue } from '../../../space/check-value.js';
import type { Config, Param, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';

/**
 * Builds a configuration holding exactly the active parameters, in declaration order.
 *
 * Walks the space once (conditions only refer to earlier parameters): each active parameter keeps
 * its `draft` value when that value is valid, otherwise takes `fill(param, partial)`, where
 * `partial` holds the values chosen so far. Inactive parameters are dropped. Every proposer builds
 * its configurations through here, so none can emit an inactive key or a missing active one.
 *
 * @throws TuneRagError (config) when an active parameter has no allowed value at all.
 */
export function completeConfig(options: {
  space: SearchSpace;
  draft?: Config;
  fill: (param: Param, partial: Readonly<Config>) => ParamValue;
}): Config {
  const { space, draft = {}, fill } = options;
  const config: Config = {};
  const active = new Set<string>();
  for (const param of space.parameters) {
    if (!isActive(param, config, active)) continue;
    if (param.type === 'categorical' && param.values.length === 0) {
      throw new TuneRagError('config', `parameter "${param.name}" is active but has no allowed value`, {
        hint: `Declare "${param.name}" in the search space or give it a fixed value.`,
      });
    }
    const given = draft[param.name];
    // A switch fixed to its neutral value (undeclared in the space) is not a choice: no proposer
    // is asked, so no random draw is spent on it and spaces without the knobs sample as before.
    if (isFixedNeutral(param)) config[param.name] = param.values[0];
    else config[param.name] = given !== undefined && checkValue(param, given) === null ? given : fill(param, config);
    active.add(param.name);
  }
  // Neutral values are dropped, as resolving does: a proposal is hashed and stored canonically.
  return withoutNeutralValues(config);
}

/** A parameter that can take only one value here, so no proposer has anything to choose. */
export function isFixedParam(param: Param): boolean {
  return param.type === 'categorical' ? param.values.length <= 1 : param.low === param.high;
}
