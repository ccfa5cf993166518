import type { Config } from '../../space/parameter-schema.js';
import { isNeutral } from '../../space/neutral-values.js';

/**
 * A stage's `passesThrough` for a switch parameter: off when the key is absent (resolving drops
 * neutral values) or holds its neutral value (a configuration given without resolving).
 */
export function switchOff(switchKey: string): (config: Config) => boolean {
  return (config) => config[switchKey] === undefined || isNeutral(switchKey, config[switchKey]);
}
