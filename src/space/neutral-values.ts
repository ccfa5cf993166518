import type { Config, Param, SearchSpace } from './parameter-schema.js';

/**
 * The value of each switch parameter that leaves the pipeline as it was before the switch
 * existed (no query rewriting, no context expansion, compression or reordering). A configuration
 * holding a neutral value is the same configuration as one without the key: resolving drops it,
 * so hashes, stage keys and stored studies of configurations that never used the knob stay
 * identical. The single list every resolver and stage consults.
 */
export const NEUTRAL_VALUES: Readonly<Config> = Object.freeze({
  'query.rewrite': 'none',
  'context.expand': 'none',
  'context.compress': 'none',
  'context.order': 'rank',
});

/** Whether `value` is the neutral value of parameter `name` (see {@link NEUTRAL_VALUES}). */
export function isNeutral(name: string, value: unknown): boolean {
  return name in NEUTRAL_VALUES && NEUTRAL_VALUES[name] === value;
}

/** `config` without the keys that hold their neutral value. */
export function withoutNeutralValues(config: Config): Config {
  return Object.fromEntries(Object.entries(config).filter(([name, value]) => !isNeutral(name, value)));
}

/**
 * The value `config` gives parameter `name`, reading an absent switch as its neutral value:
 * what a proposer learning from past trials must see, since resolved configurations drop it.
 */
export function configValue(config: Config, name: string): Config[string] {
  return config[name] ?? NEUTRAL_VALUES[name];
}

/**
 * `space` without the switches it holds fixed to their neutral value (those it does not declare)
 * and their sub-parameters:
 * what identifies a search space, so studies over spaces that never mention the knobs keep the
 * names and hashes they had before the knobs existed.
 */
export function withoutNeutralParameters(space: SearchSpace): SearchSpace {
  const off = new Set(space.parameters.filter(isFixedNeutral).map((param) => param.name));
  const byName = new Map(space.parameters.map((param) => [param.name, param]));
  // A switch's sub-parameters can never be active when the switch is off (rm3.terms under
  // query.rewrite=none), or when the space lacks the value they need (multi_query.count under an
  // offline query.rewrite of none and rm3): not choices either. Only switches: other conditions
  // stay part of the identity as they always were.
  const neverActive = (param: Param) =>
    Object.entries(param.when ?? {}).some(([name, values]) => {
      if (off.has(name)) return true;
      const parent = byName.get(name);
      return name in NEUTRAL_VALUES && parent?.type === 'categorical' && !parent.values.some((v) => values.includes(v));
    });
  return { ...space, parameters: space.parameters.filter((param) => !off.has(param.name) && !neverActive(param)) };
}

/** A switch a space holds fixed to its neutral value: not a choice, so not part of the space's identity. */
export function isFixedNeutral(param: Param): param is Param & { type: 'categorical' } {
  return param.type === 'categorical' && param.values.length === 1 && isNeutral(param.name, param.values[0]);
}
