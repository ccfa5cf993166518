import { NEUTRAL_VALUES } from '../../../space/neutral-values.js';
import type { Config, Param, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';
import { completeConfig } from '../sampling/complete-config.js';

/**
 * A switch the space leaves free with its neutral value among the choices (query.rewrite with
 * none and rm3...): an optional refinement of a pipeline, not one of its base choices.
 */
function isFreeSwitch(param: Param): param is Param & { type: 'categorical' } {
  return (
    param.type === 'categorical' &&
    param.name in NEUTRAL_VALUES &&
    param.values.length > 1 &&
    param.values.includes(NEUTRAL_VALUES[param.name])
  );
}

/**
 * `space` with every free switch held at its neutral value, or `space` itself (the same object)
 * when it has none. The switches' sub-parameters (rm3.terms, compress.keep...) can then never be
 * active and are made single-valued too, as a space file that does not declare them loads them:
 * so sampling, covering and modelling over the result behave exactly as over a space that never
 * declared the knobs (the same random draws, the same kernel, the same proposals).
 */
export function withKnobsOff(space: SearchSpace): SearchSpace {
  const switches = new Set(space.parameters.filter(isFreeSwitch).map((param) => param.name));
  if (switches.size === 0) return space;
  const underSwitch = (param: Param) => Object.keys(param.when ?? {}).some((name) => switches.has(name));
  return {
    ...space,
    parameters: space.parameters.map((param): Param => {
      if (switches.has(param.name)) return { ...param, values: [NEUTRAL_VALUES[param.name]] } as Param;
      if (!underSwitch(param)) return param;
      return param.type === 'categorical'
        ? { ...param, values: param.values.slice(0, 1) }
        : { ...param, high: param.low };
    }),
  };
}

/**
 * How many trials a study holds before the auto proposer lets the knobs move: half the budget
 * (15 of the default 30), rounded up; 15 when the budget is unknown.
 *
 * Why half: a knob refines a pipeline, so it pays only once the base choices (chunking, embedder,
 * retrieval, top-k, generator) have been found. Sampled from the start, the knobs doubled the
 * space and cost quality at the default budget (demo, 30 trials: best quality 0.320 vs 0.413
 * without them); held off for the first half, the first half is the old search trial for trial
 * and the second half tries them as one-parameter moves of the best configurations (measured in
 * `npm run bench -- --only default-knobs`).
 */
export function defaultKnobsFrom(budget: number | undefined): number {
  return budget === undefined ? 15 : Math.ceil(budget / 2);
}

/** One knob value to try: the configuration (a trial's, with the knob switched) and what it switched. */
export interface KnobMove {
  config: Config;
  knob: string;
}

/**
 * The first knob value (in declaration order) that no configuration in `tried` uses, switched on
 * in `anchor` (the best trial so far) with its sub-parameters at `fill`'s values; undefined once
 * every value of every free switch has been tried. So each knob is measured once on the best
 * pipeline found without it, where its effect is what it would add, before the model weighs it:
 * a surrogate that never saw a knob move cannot tell it from noise, and left to expected
 * improvement alone it never tried one in 24 trials of a synthetic objective.
 */
export function nextKnobMove(options: {
  space: SearchSpace;
  anchor: Config;
  tried: readonly Config[];
  fill: (param: Param) => ParamValue;
}): KnobMove | undefined {
  const { space, anchor, tried, fill } = options;
  for (const param of space.parameters) {
    if (!isFreeSwitch(param)) continue;
    for (const value of param.values) {
      if (value === NEUTRAL_VALUES[param.name] || tried.some((c) => c[param.name] === value)) continue;
      const config = completeConfig({ space, draft: { ...anchor, [param.name]: value }, fill });
      // The anchor may not be able to use the knob (a condition of the space excludes it).
      if (config[param.name] === value) return { config, knob: `${param.name}=${value}` };
    }
  }
  return undefined;
}
