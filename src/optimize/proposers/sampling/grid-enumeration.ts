import { isActive } from '../../../space/active-params.js';
import { withoutNeutralValues } from '../../../space/neutral-values.js';
import type { Config, Param, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';

/** A finite set of configurations (a grid over a space), addressable by index without listing it. */
export interface Grid {
  /** Number of distinct configurations: only active combinations, so conditionals never multiply inactive levels. */
  readonly size: number;
  /** The configuration at `index` (0 <= index < size), holding exactly its active parameters. */
  at(index: number): Config;
}

/**
 * Builds the grid of `space` where each parameter takes `levels(param)`. A conditional parameter
 * expands only in the branches where it is active (fusion.weight only under weighted hybrid), so
 * the grid holds exactly the distinct valid configurations.
 *
 * Sizes come from a memoised count of completions keyed by the values of the parameters that some
 * condition refers to, which keeps a realistic space (millions of points) cheap to index.
 */
export function createGrid(options: { space: SearchSpace; levels: (param: Param) => readonly ParamValue[] }): Grid {
  const params = options.space.parameters;
  const levels = params.map((p) => options.levels(p));
  const referenced = [...new Set(params.flatMap((p) => Object.keys(p.when ?? {})))];
  const memo = new Map<string, number>();

  const activeAt = (j: number, partial: Config) => isActive(params[j], partial, new Set(Object.keys(partial)));

  // Number of configurations that complete `partial` (values for params[0..j-1]) using params[j..].
  const count = (j: number, partial: Config): number => {
    if (j === params.length) return 1;
    const key = `${j}|${JSON.stringify(referenced.map((name) => partial[name] ?? null))}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let total = 0;
    if (!activeAt(j, partial)) total = count(j + 1, partial);
    else for (const value of levels[j]) total += count(j + 1, { ...partial, [params[j].name]: value });
    memo.set(key, total);
    return total;
  };

  const size = count(0, {});
  return {
    size,
    at(index) {
      if (!Number.isInteger(index) || index < 0 || index >= size)
        throw new RangeError(`grid index ${index} outside 0..${size - 1}`);
      let rest = index;
      const config: Config = {};
      for (let j = 0; j < params.length; j++) {
        if (!activeAt(j, config)) continue;
        for (const value of levels[j]) {
          const below = count(j + 1, { ...config, [params[j].name]: value });
          if (rest < below) {
            config[params[j].name] = value;
            break;
          }
          rest -= below;
        }
      }
      // Neutral switch values are dropped, as resolving does (see neutral-values.ts).
      return withoutNeutralValues(config);
    },
  };
}
