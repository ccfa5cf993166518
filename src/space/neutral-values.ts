import type { Config } from './parameter-schema.js';

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
