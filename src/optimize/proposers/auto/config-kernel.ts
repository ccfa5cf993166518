import { isActive } from '../../../space/active-params.js';
import { configValue } from '../../../space/neutral-values.js';
import type { Config, Param, SearchSpace } from '../../../space/parameter-schema.js';
import { isFixedParam } from '../sampling/complete-config.js';
import { isNumericParam, scaleBounds, toScale } from '../sampling/numeric-scale.js';

/** Kernel settings chosen per fit by marginal likelihood (see auto-surrogate.ts). */
export interface KernelSettings {
  /** Weight of the additive (main-effects) part; what `pairwise` leaves goes to the joint (interaction) part. */
  additive: number;
  /** Soft Hamming distance at which the joint part falls to 1/e, as a share of the free parameters. */
  reach: number;
  /**
   * Weight of the pairwise part (default 0): the relevance-weighted mean over pairs of parameters
   * of the product of their similarities, a second-order ANOVA kernel. It models effects of two
   * parameters together (a chunk size that suits one embedder) without the joint part's
   * assumption that every other parameter must match too.
   */
  pairwise?: number;
  /** Relevance of each parameter (same order as the similarities; default 1 each), learnt per fit. */
  relevance?: readonly number[];
}

/** Length scale of numeric parameters on their [0, 1] search scale. */
const NUMERIC_LENGTH = 0.25;

/** Similarities between configurations of one space (see {@link createConfigSimilarity}). */
export interface ConfigSimilarity {
  dims: number;
  /** Per-parameter similarities of `a` and `b`, each in [0, 1]. */
  similarities(a: Config, b: Config): Float64Array;
  /** The kernel value of `a` and `b` under `settings`: combineSimilarities of their similarities, without allocating. */
  kernel(a: Config, b: Config, settings: KernelSettings): number;
}

/** A configuration reduced to what the kernel compares, computed once per configuration object. */
interface Encoded {
  /** Per free parameter: the value, or undefined when the parameter is inactive or unset. */
  values: (Config[string] | undefined)[];
  /** Per free parameter: the value's place on the [0, 1] scale, NaN for unordered values. */
  positions: Float64Array;
}

/**
 * Per-parameter similarities between configurations of a mixed, conditional space, in [0, 1]:
 * equal categorical values 1, different 0; numbers a squared-exponential on the search scale
 * (log for log parameters) normalised to [0, 1]; a categorical whose values are all numbers is
 * treated as ordered, half by identity and half by distance of rank, since such lists (3, 5, 10)
 * are almost always levels of a quantity. A parameter inactive in both configurations counts as
 * equal, in one only as different. Fixed parameters are skipped.
 *
 * Each configuration object is encoded once (active set, scale positions) and cached, because a
 * proposal compares every candidate with every model point: with 200 trials that is tens of
 * thousands of comparisons, and re-deriving activity and positions each time dominated the cost.
 */
export function createConfigSimilarity(space: SearchSpace): ConfigSimilarity {
  const params = space.parameters.filter((p) => !isFixedParam(p));
  const position = params.map((param) => positionOf(param));
  const ordinal = params.map((param) => param.type === 'categorical');
  const cache = new WeakMap<Config, Encoded>();
  const encode = (config: Config): Encoded => {
    let encoded = cache.get(config);
    if (encoded) return encoded;
    const active = new Set<string>();
    for (const param of space.parameters) if (isActive(param, config, active)) active.add(param.name);
    const values = params.map((param) => (active.has(param.name) ? configValue(config, param.name) : undefined));
    const positions = new Float64Array(params.length);
    values.forEach((value, i) => (positions[i] = value === undefined ? NaN : (position[i](value) ?? NaN)));
    cache.set(config, (encoded = { values, positions }));
    return encoded;
  };
  const similarityAt = (ea: Encoded, eb: Encoded, i: number): number => {
    const va = ea.values[i];
    const vb = eb.values[i];
    if (va === undefined || vb === undefined) return va === vb ? 1 : 0;
    if (va === vb) return 1;
    const pa = ea.positions[i];
    const pb = eb.positions[i];
    if (Number.isNaN(pa) || Number.isNaN(pb)) return 0;
    const near = Math.exp(-0.5 * ((pa - pb) / NUMERIC_LENGTH) ** 2);
    return ordinal[i] ? 0.5 * near : near;
  };
  return {
    dims: params.length,
    similarities(a, b) {
      const ea = encode(a);
      const eb = encode(b);
      const out = new Float64Array(params.length);
      for (let i = 0; i < params.length; i++) out[i] = similarityAt(ea, eb, i);
      return out;
    },
    kernel(a, b, settings) {
      const ea = encode(a);
      const eb = encode(b);
      const relevance = settings.relevance;
      let sum = 0;
      let total = 0;
      let sumSq = 0;
      let totalSq = 0;
      for (let i = 0; i < params.length; i++) {
        const w = relevance ? relevance[i] : 1;
        const ws = w * similarityAt(ea, eb, i);
        sum += ws;
        total += w;
        sumSq += ws * ws;
        totalSq += w * w;
      }
      return mix(sum, total, sumSq, totalSq, settings);
    },
  };
}

/** Combines per-parameter similarities into one kernel value in [0, 1] (1 on the diagonal). */
export function combineSimilarities(similarities: ArrayLike<number>, settings: KernelSettings): number {
  const dims = similarities.length;
  if (dims === 0) return 1;
  const relevance = settings.relevance;
  let sum = 0;
  let total = 0;
  let sumSq = 0;
  let totalSq = 0;
  for (let i = 0; i < dims; i++) {
    const w = relevance ? relevance[i] : 1;
    const ws = w * similarities[i];
    sum += ws;
    total += w;
    sumSq += ws * ws;
    totalSq += w * w;
  }
  return mix(sum, total, sumSq, totalSq, settings);
}

/**
 * Mixes the additive part (weighted mean similarity), the pairwise part (weighted mean over pairs
 * of similarity products, from Σ(w·s)² − Σ(w·s)²ᵢ) and the joint part (exponential in the weighted
 * soft Hamming distance). Each part is 1 for identical configurations, so the mix is too.
 */
function mix(sum: number, total: number, sumSq: number, totalSq: number, settings: KernelSettings): number {
  if (total === 0) return 1;
  const additive = sum / total;
  const pairwise = settings.pairwise ?? 0;
  const pairTotal = total * total - totalSq;
  const pairs = pairTotal > 1e-12 ? (sum * sum - sumSq) / pairTotal : additive;
  const jointShare = 1 - settings.additive - pairwise;
  const joint = jointShare > 0 ? Math.exp(-(total - sum) / Math.max(1e-9, settings.reach * total)) : 0;
  return settings.additive * additive + pairwise * pairs + jointShare * joint;
}

/** Where a value sits on the parameter's [0, 1] scale; undefined for unordered categorical values. */
function positionOf(param: Param): (value: unknown) => number | undefined {
  if (isNumericParam(param)) {
    const { low, high } = scaleBounds(param);
    const width = high - low;
    return (value) => (typeof value === 'number' && width > 0 ? (toScale(param, value) - low) / width : undefined);
  }
  const values = param.values;
  if (values.length < 3 || !values.every((v) => typeof v === 'number')) return () => undefined;
  const ranked = [...(values as number[])].sort((x, y) => x - y);
  return (value) => {
    const rank = ranked.indexOf(value as number);
    return rank < 0 ? undefined : rank / (ranked.length - 1);
  };
}
