import type { StepResult } from './step-result.js';
import type { KeyInputs } from './stage-key-inputs.js';
import type { CorpusStageName } from './stage-names.js';

/**
 * A corpus-level stage: computed once per dataset and configuration prefix, not per question.
 * `I` is what it consumes (the configuration, the previous stage's output), `V` what it makes.
 *
 * Corpus stages are demand-driven, not iterated: CorpusArtifacts runs one when a later stage asks
 * for its output and the cache has none, so a fully warm run never loads a vector or an index. It
 * owns the caching protocol (JSON, blob or file beside the database, each checked on read); the
 * stage only does the work. Its key hashes `name`, `version`, the values of `reads`,
 * {@link keyMaterial} and the key of what it consumes (see stage-keys.ts).
 */
export interface CorpusStage<I, V> {
  readonly name: CorpusStageName;
  readonly version: string;
  /** Configuration keys whose values the stage's output depends on. */
  readonly reads: readonly string[];
  /** Further key material: versions of the components it uses, fixed settings it depends on. */
  keyMaterial?(inputs: KeyInputs): Record<string, unknown>;
  run(input: I): Promise<StepResult<V>>;
}
