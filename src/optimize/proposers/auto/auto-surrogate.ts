import type { Config, SearchSpace } from '../../../space/parameter-schema.js';
import {
  combineSimilarities,
  createConfigSimilarity,
  type ConfigSimilarity,
  type KernelSettings,
} from './config-kernel.js';
import { fitGp } from './gp-regression.js';

/** A configuration with its scalarised score (higher is better) and what is known of its noise. */
export interface SurrogatePoint {
  config: Config;
  score: number;
  /**
   * Known variance of `score` (e.g. the squared standard error of the trial's scalarised
   * objectives, on the score's scale), added to this observation's noise. Default 0.
   */
  variance?: number;
  /**
   * Share of the full question set the score was measured on, in (0, 1] (a trial pruned at a low
   * rung has a small one). The fitted noise of this observation is the nugget / fidelity, since
   * the variance of a mean over n questions scales with 1/n. Default 1.
   */
  fidelity?: number;
}

/** Kernel settings plus the observation noise (as a share of the standardised score variance). */
export type SurrogateSettings = KernelSettings & { noise: number };

/** A fitted model of score over configurations. */
export interface Surrogate {
  /** Posterior mean and standard deviation of the score, on the scale of the observed scores. */
  predict(config: Config): { mean: number; sd: number };
  /** Highest observed score. */
  readonly best: number;
  readonly settings: SurrogateSettings;
  /** The same model with one more (imagined) observation, for batch proposals ("kriging believer"). */
  withObservation(point: SurrogatePoint): Surrogate;
}

/**
 * Kernel mixes and noise levels tried per fit; additive-only first, so it wins ties (the simplest
 * model). Besides the local interaction part (joint), mixes of main effects with pairwise
 * interactions: in published RAG grids main effects explain 70-95% of the variance and pairs
 * (embedder × chunk size, say) most of the rest, and these mixes gained a little on average there.
 */
const GRID: SurrogateSettings[] = [];
for (const noise of [0.02, 0.1, 0.4]) {
  GRID.push({ additive: 1, reach: 1, noise });
  for (const additive of [0.6, 0.3]) for (const reach of [0.25, 0.5]) GRID.push({ additive, reach, noise });
  for (const additive of [0.8, 0.5, 0.2]) GRID.push({ additive, reach: 1, noise, pairwise: 1 - additive });
}

/** Relevance levels tried per parameter (1 = average). */
const RELEVANCE_LEVELS = [0.1, 0.4, 1, 2.5];

/**
 * Fits a Gaussian process over configurations (kernel: config-kernel.ts, a mix of a main-effects
 * part and an interaction part) to standardised scores. Settings are chosen by marginal
 * likelihood: first the mix and the noise level from a small grid (additive when effects add up,
 * pairwise or local when they interact), then, from 4 points on, a relevance per parameter by up to
 * two passes of coordinate search, so parameters that have not moved the score stop attracting evaluations.
 * `settings` skips the search (used when adding imagined points to a batch). `mainEffectsOnly`
 * limits the search to the additive kernel (smoothed-scores.ts: estimates that rest only on
 * effects many trials share). Needs at least 2 points.
 */
export function fitSurrogate(options: {
  space: SearchSpace;
  points: readonly SurrogatePoint[];
  settings?: SurrogateSettings;
  mainEffectsOnly?: boolean;
}): Surrogate {
  const { space, points, mainEffectsOnly = false } = options;
  const similarity = createConfigSimilarity(space);
  const scores = points.map((p) => p.score);
  const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
  const spread = Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / scores.length) || 1;
  const targets = scores.map((v) => (v - mean) / spread);
  const noise: PointNoise = {
    variances: points.map((p) => (p.variance ?? 0) / spread ** 2),
    fidelities: points.map((p) => p.fidelity ?? 1),
  };
  const grid = mainEffectsOnly ? GRID.filter((g) => g.additive === 1 && !g.pairwise) : GRID;
  const settings =
    options.settings ?? chooseSettings({ similarity, configs: points.map((p) => p.config), targets, noise, grid });
  const gram = points.map((a) => points.map((b) => similarity.kernel(a.config, b.config, settings)));
  const fit = fitGp({
    gram,
    targets,
    noise: settings.noise,
    observationNoise: observationNoise(noise, settings.noise),
  });
  const predict = (config: Config) => {
    const cross = points.map((p) => similarity.kernel(config, p.config, settings));
    const { mean: m, sd } = fit.predict(cross, 1);
    return { mean: mean + spread * m, sd: spread * sd };
  };
  return {
    best: Math.max(...scores),
    settings,
    predict,
    withObservation(point) {
      return fitSurrogate({ space, points: [...points, point], settings });
    },
  };
}

/** Most points the kernel settings are chosen on; the model itself is then fitted to all of them. */
export const SETTINGS_POINTS = 24;

/**
 * Kernel settings by marginal likelihood (grid, then relevance coordinate search). On a long
 * history only the best and the latest {@link SETTINGS_POINTS} / 2 points take part: about a
 * hundred candidate fits are compared, and at 120 points their cubic cost made a proposal take
 * 150 ms, while settings chosen on a couple of dozen well-placed points describe the surface
 * about as well (on histories this short the search sees every point).
 */
function chooseSettings(options: {
  similarity: ConfigSimilarity;
  configs: readonly Config[];
  targets: readonly number[];
  noise: PointNoise;
  grid: readonly SurrogateSettings[];
}): SurrogateSettings {
  const { similarity } = options;
  let { configs, targets, noise } = options;
  if (configs.length > SETTINGS_POINTS) {
    const half = SETTINGS_POINTS / 2;
    const keep = new Set(
      targets
        .map((_, i) => i)
        .sort((a, b) => targets[b] - targets[a])
        .slice(0, half),
    );
    for (let i = configs.length - 1; keep.size < SETTINGS_POINTS; i--) keep.add(i);
    const kept = <T>(values: readonly T[]) => values.filter((_, i) => keep.has(i));
    configs = kept(configs);
    targets = kept(targets);
    noise = { variances: kept(noise.variances), fidelities: kept(noise.fidelities) };
  }
  const pairs = configs.map((a) => configs.map((b) => similarity.similarities(a, b)));
  let chosen: { settings: SurrogateSettings; score: number } | undefined;
  const consider = (settings: SurrogateSettings) => {
    const gram = pairs.map((row) => row.map((s) => combineSimilarities(s, settings)));
    const fit = fitGp({
      gram,
      targets,
      noise: settings.noise,
      observationNoise: observationNoise(noise, settings.noise),
    });
    const score = fit.logLikelihood + relevancePrior(settings.relevance);
    if (!chosen || score > chosen.score + 1e-9) chosen = { settings, score };
  };
  for (const settings of options.grid) consider(settings);
  if (configs.length >= 4) {
    for (let pass = 0; pass < 2; pass++) {
      const start = chosen!.settings;
      for (let d = 0; d < similarity.dims; d++) {
        const base = chosen!.settings;
        const current = base.relevance ?? new Array<number>(similarity.dims).fill(1);
        for (const level of RELEVANCE_LEVELS) {
          if (level !== current[d]) consider({ ...base, relevance: current.map((v, i) => (i === d ? level : v)) });
        }
      }
      // A pass that changed nothing would be repeated exactly by the next one.
      if (chosen!.settings === start) break;
    }
  }
  return chosen!.settings;
}

/** Per-point noise inputs on the standardised scale: known variances and fidelities. */
interface PointNoise {
  variances: readonly number[];
  fidelities: readonly number[];
}

/**
 * The per-observation noise beyond the shared nugget: the known variance, plus the nugget's
 * growth for a partial evaluation (nugget / fidelity − nugget). Undefined when every point is a
 * full evaluation without a known variance, which keeps the homoscedastic fit exactly as before.
 */
function observationNoise(noise: PointNoise, nugget: number): number[] | undefined {
  if (noise.variances.every((v) => v === 0) && noise.fidelities.every((f) => f === 1)) return undefined;
  return noise.variances.map((v, i) => v + nugget * (1 / noise.fidelities[i] - 1));
}

/** Log-normal prior on relevances (sd 1 in log space), so 10-20 points cannot switch a parameter off on a whim. */
function relevancePrior(relevance: readonly number[] | undefined): number {
  if (!relevance) return 0;
  return relevance.reduce((sum, w) => sum - Math.log(w) ** 2 / 2, 0);
}
