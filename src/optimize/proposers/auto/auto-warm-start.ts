import { activeParamNames } from '../../../space/active-params.js';
import { configValue } from '../../../space/neutral-values.js';
import type { Config, Param, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';
import { completeConfig, isFixedParam } from '../sampling/complete-config.js';
import { isNumericParam, scaleBounds, fromScale, snapValue, toScale } from '../sampling/numeric-scale.js';
import { sampleParamValue } from '../sampling/sample-config.js';

/**
 * What a warm start must cover: every value of each free categorical parameter, and the low and
 * high third of each free numeric range (on its search scale), each while the parameter is active.
 * Items are "name=value" for categoricals and "name:low" / "name:high" for numbers.
 */
export function coverageGaps(options: { space: SearchSpace; configs: readonly Config[] }): Set<string> {
  const { space, configs } = options;
  const gaps = new Set<string>();
  for (const param of space.parameters) {
    if (isFixedParam(param)) continue;
    if (param.type === 'categorical') for (const value of param.values) gaps.add(itemKey(param, value));
    else for (const end of ['low', 'high']) gaps.add(`${param.name}:${end}`);
  }
  for (const config of configs) for (const item of itemsOf(space, config)) gaps.delete(item);
  return gaps;
}

/** The fewest configurations that can cover every item: the largest item count of one parameter. */
export function coverageWidth(space: SearchSpace): number {
  return Math.max(
    1,
    ...space.parameters.filter((p) => !isFixedParam(p)).map((p) => (p.type === 'categorical' ? p.values.length : 2)),
  );
}

/**
 * A configuration that covers as many `gaps` as possible: `attempts` randomized constructions
 * (each active parameter takes an uncovered value when it has one, else its `background` value,
 * else a random one); the one covering most categorical values wins, then most gaps of any kind,
 * then the one farthest (in differing parameters) from every `tried` configuration.
 *
 * @param options.background values for already-covered parameters; the auto proposer passes the
 *   start configuration's, so a warm start stays around a sensible baseline instead of pairing
 *   each new value with random (often poor) settings of everything else.
 */
export function coveringConfig(options: {
  space: SearchSpace;
  gaps: ReadonlySet<string>;
  tried: readonly Config[];
  random: () => number;
  attempts?: number;
  background?: (param: Param) => ParamValue;
}): { config: Config; covers: string[] } {
  const { space, gaps, tried, random, background, attempts = 24 } = options;
  let best: { config: Config; covers: string[]; rank: number[] } | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const config = completeConfig({
      space,
      fill: (param) => {
        const open = openItems(space, param, gaps);
        return open.length
          ? open[Math.floor(random() * open.length)]
          : background
            ? background(param)
            : sampleParamValue(param, random);
      },
    });
    const covers = itemsOf(space, config).filter((item) => gaps.has(item));
    const values = covers.filter((item) => item.includes('=')).length;
    const distance = Math.min(Infinity, ...tried.map((t) => differing(config, t)));
    // Categorical values first: they are the choices a numeric model cannot interpolate between.
    const rank = [values, covers.length, distance];
    if (!best || compareRanks(rank, best.rank) > 0) best = { config, covers, rank };
  }
  return { config: best!.config, covers: best!.covers };
}

/**
 * Values of `param` that would close a gap: uncovered categorical values, else values that switch
 * on a parameter with gaps of its own (retrieval=hybrid while fusion=rrf is uncovered); for
 * numbers, bin centres of uncovered ends.
 */
function openItems(space: SearchSpace, param: Param, gaps: ReadonlySet<string>): ParamValue[] {
  if (isFixedParam(param)) return [];
  if (param.type === 'categorical') {
    const uncovered = param.values.filter((v) => gaps.has(itemKey(param, v)));
    if (uncovered.length) return uncovered;
    const hasGaps = (child: Param) =>
      [...gaps].some((item) => item.startsWith(`${child.name}=`) || item.startsWith(`${child.name}:`));
    return param.values.filter((v) =>
      space.parameters.some((child) => child.when?.[param.name]?.includes(v) && hasGaps(child)),
    );
  }
  if (!isNumericParam(param)) return [];
  const { low, high } = scaleBounds(param);
  const at = (fraction: number) => snapValue(param, fromScale(param, low + (high - low) * fraction));
  const out: ParamValue[] = [];
  if (gaps.has(`${param.name}:low`)) out.push(at(1 / 6));
  if (gaps.has(`${param.name}:high`)) out.push(at(5 / 6));
  return out;
}

function itemsOf(space: SearchSpace, config: Config): string[] {
  const active = new Set(activeParamNames(space, config));
  const items: string[] = [];
  for (const param of space.parameters) {
    const value = configValue(config, param.name);
    if (!active.has(param.name) || value === undefined || isFixedParam(param)) continue;
    if (param.type === 'categorical') items.push(itemKey(param, value));
    else if (typeof value === 'number') {
      const { low, high } = scaleBounds(param);
      const fraction = (toScale(param, value) - low) / (high - low);
      if (fraction < 1 / 3) items.push(`${param.name}:low`);
      else if (fraction > 2 / 3) items.push(`${param.name}:high`);
    }
  }
  return items;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function itemKey(param: Param, value: ParamValue): string {
  return `${param.name}=${value}`;
}

function differing(a: Config, b: Config): number {
  let count = 0;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[key] !== b[key]) count++;
  return count;
}
