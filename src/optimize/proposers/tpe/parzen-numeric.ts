import { standardNormal } from '../../../stats/gaussian-random.js';
import { logSumExp, normalCdf, normalLogPdf } from '../../../stats/normal-distribution.js';

/** A one-dimensional density that can be sampled, as TPE's l(x) and g(x). */
export interface ParzenEstimator<T> {
  sample(random: () => number): T;
  logPdf(value: T): number;
}

/**
 * Parzen estimator for a numeric parameter on its search scale (already log-transformed for log
 * parameters): a mixture of Gaussians truncated to [low, high], one per observation plus a wide
 * prior at the centre, as in Optuna's univariate TPE.
 *
 * Bandwidths: each kernel's sigma is the larger gap to its sorted neighbours (the range ends
 * count as neighbours, except that the outermost kernels use their inner gap only), clipped to
 * [(high - low) / min(100, 1 + kernels), high - low] ("magic clip", which stops a few clustered
 * observations from collapsing the density into spikes). The prior's sigma is the full range.
 */
export function numericParzen(options: {
  low: number;
  high: number;
  observations: readonly number[];
  /** Per-observation kernel weights (default 1 each). */
  weights?: readonly number[];
  priorWeight?: number;
}): ParzenEstimator<number> {
  const { low, high, priorWeight = 1 } = options;
  const range = high - low;
  if (!(range > 0)) return { sample: () => low, logPdf: () => 0 };
  const prior = (low + high) / 2;
  const mus = [...options.observations.map((x) => Math.min(high, Math.max(low, x))), prior];
  const weights = [...(options.weights ?? options.observations.map(() => 1)), priorWeight];
  const sigmas = bandwidths({ mus, low, high });
  sigmas[sigmas.length - 1] = range;

  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  // Per kernel: log weight minus log of the mass the truncation keeps, so each kernel integrates to its weight.
  const offsets = mus.map((mu, k) => {
    const mass = normalCdf((high - mu) / sigmas[k]) - normalCdf((low - mu) / sigmas[k]);
    return Math.log(weights[k] / totalWeight) - Math.log(Math.max(mass, 1e-300));
  });
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push(sum + w / totalWeight), sum + w / totalWeight), 0);

  return {
    sample(random) {
      const u = random();
      let k = cumulative.findIndex((c) => u < c);
      if (k < 0) k = mus.length - 1;
      // Rejection is cheap here: every kernel is centred inside the range, so at least ~1/3 of its mass is kept.
      for (let attempt = 0; attempt < 64; attempt++) {
        const x = mus[k] + sigmas[k] * standardNormal(random);
        if (x >= low && x <= high) return x;
      }
      return mus[k];
    },
    logPdf(x) {
      if (x < low || x > high) return -Infinity;
      return logSumExp(mus.map((mu, k) => offsets[k] + normalLogPdf(x, mu, sigmas[k])));
    },
  };
}

function bandwidths(options: { mus: readonly number[]; low: number; high: number }): number[] {
  const { mus, low, high } = options;
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
  const edges = [low, ...order.map((i) => mus[i]), high];
  const m = order.length;
  const sorted = order.map((_, k) => Math.max(edges[k + 1] - edges[k], edges[k + 2] - edges[k + 1]));
  if (m >= 2) {
    sorted[0] = edges[2] - edges[1];
    sorted[m - 1] = edges[m] - edges[m - 1];
  }
  const maxSigma = high - low;
  const minSigma = maxSigma / Math.min(100, 1 + m);
  const sigmas = new Array<number>(m);
  order.forEach((index, k) => (sigmas[index] = Math.min(maxSigma, Math.max(minSigma, sorted[k]))));
  return sigmas;
}

/**
 * Optuna's default observation weights: the latest 25 observations weigh 1, older ones ramp down
 * linearly towards 1/n, so the model follows where the search has moved. Input oldest first.
 */
export function recencyWeights(count: number): number[] {
  if (count < 25) return Array.from({ length: count }, () => 1);
  const ramp = count - 25;
  return Array.from({ length: count }, (_, i) =>
    i >= ramp ? 1 : ramp === 1 ? 1 / count : 1 / count + ((1 - 1 / count) * i) / (ramp - 1),
  );
}
