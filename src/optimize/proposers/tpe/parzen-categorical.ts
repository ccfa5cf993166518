import type { ParamValue } from '../../../space/parameter-schema.js';
import type { ParzenEstimator } from './parzen-numeric.js';

/**
 * Parzen estimator for a categorical parameter, as in Optuna: one kernel per observation putting
 * weight 1 on the observed value plus `priorWeight / kernels` on every value (normalised), and a
 * uniform prior kernel. The smoothing keeps unseen values reachable and the l/g ratio finite;
 * spreading it per kernel keeps more exploration than plain add-one counts as observations grow.
 *
 * @param options.weights per-observation kernel weights (default 1 each); the prior kernel weighs 1.
 */
export function categoricalParzen(options: {
  values: readonly ParamValue[];
  observations: readonly ParamValue[];
  weights?: readonly number[];
  priorWeight?: number;
}): ParzenEstimator<ParamValue> {
  const { values, observations, priorWeight = 1 } = options;
  const k = values.length;
  const kernels = observations.length + 1;
  const smoothing = priorWeight / kernels;
  const weights = options.weights ?? observations.map(() => 1);
  const mass = values.map(() => 1 / k); // the prior kernel
  observations.forEach((observed, i) => {
    for (let v = 0; v < k; v++)
      mass[v] += (weights[i] * ((values[v] === observed ? 1 : 0) + smoothing)) / (1 + k * smoothing);
  });
  const total = mass.reduce((sum, m) => sum + m, 0);
  const probabilities = mass.map((m) => m / total);
  return {
    sample(random) {
      let u = random();
      for (let i = 0; i < k; i++) {
        u -= probabilities[i];
        if (u < 0) return values[i];
      }
      return values[k - 1];
    },
    logPdf(value) {
      const i = values.indexOf(value);
      return i < 0 ? -Infinity : Math.log(probabilities[i]);
    },
  };
}
