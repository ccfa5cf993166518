import { TuneRagError } from '../errors.js';
import { isActive } from './active-params.js';
import { checkValue } from './check-value.js';
import type { Config, SearchSpace } from './parameter-schema.js';
import { didYouMean } from '../names/suggest-name.js';
import { NEUTRAL_VALUES, withoutNeutralValues } from './neutral-values.js';

export interface ResolvedConfig {
  /**
   * Only active parameters, in declaration order, without neutral values (see neutral-values.ts):
   * the canonical form that is hashed and stored.
   */
  config: Config;
  /** Keys that were given but do not matter for this configuration (inactive), dropped. */
  ignored: string[];
}

/**
 * Resolves a possibly partial configuration into a full, valid one.
 *
 * Missing active parameters are taken from `defaults` (usually pipelines/baseline.json); keys that
 * are inactive under the final values are dropped and reported; unknown keys and invalid values
 * throw a TuneRagError naming `source` and the key, listing every problem at once.
 */
export function resolveConfig(options: {
  config: Config;
  space: SearchSpace;
  defaults?: Config;
  source: string;
}): ResolvedConfig {
  const { config, space, defaults = {}, source } = options;
  const known = space.parameters.map((p) => p.name);
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    if (!known.includes(key))
      problems.push(`unknown key "${key}".${didYouMean(key, known)} Known keys: ${known.join(', ')}`);
  }
  // A switch nobody set is off; a neutral value is then dropped, so it never enters the hash.
  const merged: Config = { ...NEUTRAL_VALUES, ...defaults, ...config };
  const resolved: Config = {};
  const active = new Set<string>();
  for (const param of space.parameters) {
    if (!isActive(param, merged, active)) continue;
    active.add(param.name);
    const value = merged[param.name];
    if (value === undefined) {
      problems.push(`missing "${param.name}": set it in the file or with --set ${param.name}=VALUE`);
      continue;
    }
    const problem = checkValue(param, value);
    if (problem) problems.push(problem);
    else resolved[param.name] = value;
  }
  if (problems.length > 0) {
    throw new TuneRagError('config', `invalid configuration in ${source}:\n  - ${problems.join('\n  - ')}`, {
      hint: 'Fix the keys above; `tune-rag space` lists every parameter with its allowed values.',
    });
  }
  const canonical = withoutNeutralValues(resolved);
  const ignored = Object.keys(config).filter((key) => !(key in resolved));
  return { config: canonical, ignored };
}
