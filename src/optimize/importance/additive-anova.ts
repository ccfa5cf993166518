import { INACTIVE, type ParameterLevels } from './parameter-levels.js';

/**
 * Ridge pseudo-count of each level's effect: a level seen on n rows has its mean residual shrunk
 * by n / (n + RIDGE), so a value tried once cannot claim a large effect from one noisy trial.
 */
export const RIDGE = 1;

const MAX_SWEEPS = 200;
/** Stop when no fitted value moved by more than this fraction of the target's standard deviation. */
const TOLERANCE = 1e-7;

/** What one additive fit says about each factor, in the order the factors were given. */
export interface AdditiveFit {
  /**
   * Each factor's share of the fitted variance, as a fraction of the target's variance:
   * Cov(effect_j, fitted) / Var(target). They sum to `rSquared`. When factors are orthogonal (a
   * balanced grid) this is Var(effect_j) / Var(target); when an optimiser moved parameters together,
   * their covariance is split between them instead of being lost (Hooker's generalised functional
   * ANOVA for dependent inputs). Can be slightly negative for a factor that only corrects others.
   */
  explained: number[];
  /** Share of the target's variance the whole additive model explains (1 - residual / total). */
  rSquared: number;
}

/**
 * Fits `target ≈ mean + Σ_j effect_j[level of row in factor j]` (a functional ANOVA restricted to
 * main effects) by penalised least squares and returns how much variance each main effect carries.
 *
 * Fitted by backfitting: exact block coordinate descent, one factor at a time, each block the
 * ridge-penalised least squares under the constraint that the effect averages 0 over the rows where
 * the factor is active (inactive rows get effect 0). The objective is strictly convex, so the result
 * does not depend on the factor order, and correlated factors share an effect instead of both
 * claiming it; see {@link AdditiveFit.explained} for how their variance is attributed. Deterministic. Returns null when there is nothing to explain (fewer
 * than 2 rows, or a constant target).
 */
export function fitAdditiveEffects(options: {
  target: readonly number[];
  factors: readonly ParameterLevels[];
  ridge?: number;
}): AdditiveFit | null {
  const { target, factors, ridge = RIDGE } = options;
  const n = target.length;
  if (n < 2) return null;
  const mean = target.reduce((s, v) => s + v, 0) / n;
  const centred = target.map((v) => v - mean);
  const total = centred.reduce((s, v) => s + v * v, 0);
  if (total <= 1e-24 * Math.max(1, mean * mean) * n) return null;
  const predictions = factors.map(() => new Float64Array(n));
  const residual = Float64Array.from(centred);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let change = 0;
    factors.forEach((factor, j) => {
      const effect = blockEffect(factor, residual, predictions[j], ridge);
      for (let i = 0; i < n; i++) {
        const level = factor.levels[i];
        const next = level === INACTIVE ? 0 : effect[level];
        change = Math.max(change, Math.abs(next - predictions[j][i]));
        residual[i] += predictions[j][i] - next;
        predictions[j][i] = next;
      }
    });
    if (change * change * n <= TOLERANCE * TOLERANCE * total) break;
  }
  const residualSum = residual.reduce((s, v) => s + v * v, 0);
  // fitted = Σ_j prediction_j = centred target − residual.
  const fitted = centred.map((v, i) => v - residual[i]);
  return {
    explained: predictions.map((p) => p.reduce((s, v, i) => s + v * fitted[i], 0) / total),
    rSquared: 1 - residualSum / total,
  };
}

/**
 * The ridge solution for one factor given everything else: effect_l = (S_l − μ·n_l) / (n_l + λ),
 * with S_l the partial residuals of level l and μ the multiplier that makes Σ_l n_l·effect_l = 0.
 */
function blockEffect(factor: ParameterLevels, residual: Float64Array, current: Float64Array, ridge: number): number[] {
  const sums = factor.labels.map(() => 0);
  const counts = factor.labels.map(() => 0);
  factor.levels.forEach((level, i) => {
    if (level === INACTIVE) return;
    sums[level] += residual[i] + current[i];
    counts[level] += 1;
  });
  const denominator = counts.reduce((s, c) => s + (c * c) / (c + ridge), 0);
  const mu = denominator > 0 ? counts.reduce((s, c, l) => s + (c * sums[l]) / (c + ridge), 0) / denominator : 0;
  return sums.map((s, l) => (counts[l] > 0 ? (s - mu * counts[l]) / (counts[l] + ridge) : 0));
}
