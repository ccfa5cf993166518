import { stableHash } from '../../../json/canonical-json.js';
import type { Config } from '../../../space/parameter-schema.js';
import type { TrialRecord } from '../../../store/trial.js';

/**
 * Identity of a configuration: the stable hash of its canonical JSON. The config must hold only
 * active keys (as every proposer's output does), so equal pipelines get equal identities.
 */
export function configIdentity(config: Config): string {
  return stableHash(config);
}

/**
 * Identities of every configuration in the history, whatever its state: a waiting or failed trial
 * is still "tried" and must not be proposed again. Both the stored hash and a fresh one are
 * included, so a store that hashed differently cannot make a proposer repeat a configuration.
 */
export function seenConfigHashes(history: readonly TrialRecord[]): Set<string> {
  const seen = new Set<string>();
  for (const trial of history) {
    if (trial.configHash) seen.add(trial.configHash);
    seen.add(configIdentity(trial.config));
  }
  return seen;
}
