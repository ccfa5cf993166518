/**
 * Gaussian-process regression on a precomputed kernel: exact inference through a Cholesky
 * factor, for the few dozen to few hundred points a tuning study has. Kernel-agnostic: the caller
 * supplies k(i, j) between training points and the cross-covariances of the points to predict.
 */

/** A fitted GP: predicts at new points from their covariances with the training points. */
export interface GpFit {
  /** Log marginal likelihood of the training targets (for choosing kernel settings). */
  logLikelihood: number;
  /**
   * Posterior mean and standard deviation at a point, given its covariance with every training
   * point (`cross`) and its prior variance (`self`).
   */
  predict(cross: readonly number[], self: number): { mean: number; sd: number };
}

/**
 * Fits a zero-mean GP to `targets` (callers standardise them) with covariance `gram` (n×n,
 * symmetric) plus observation noise on the diagonal: the shared nugget `noise` (model misfit and
 * noise common to every observation) plus, when given, `observationNoise[i]` for observation i
 * (heteroscedastic: a known variance such as a trial's squared standard error, on the targets'
 * scale). A noisier observation pulls the posterior mean towards itself less. Without
 * `observationNoise` the model is homoscedastic. A tiny jitter is added when the matrix is not
 * numerically positive definite (duplicated points), so fitting never fails.
 *
 * @throws Error when `observationNoise` has another length than `targets` or a negative or
 *   non-finite entry (a caller bug, not user input).
 */
export function fitGp(options: {
  gram: readonly (readonly number[])[];
  targets: readonly number[];
  noise: number;
  observationNoise?: readonly number[];
}): GpFit {
  const { gram, targets, noise, observationNoise } = options;
  const n = targets.length;
  if (
    observationNoise &&
    (observationNoise.length !== n || observationNoise.some((v) => !(v >= 0) || !Number.isFinite(v)))
  ) {
    throw new Error(`gp: observationNoise needs ${n} finite non-negative variances`);
  }
  let lower: number[][] | undefined;
  for (let jitter = 1e-8; !lower; jitter *= 100) {
    lower = cholesky(
      gram.map((row, i) => row.map((v, j) => (i === j ? v + noise + (observationNoise?.[i] ?? 0) + jitter : v))),
    );
    if (jitter > 1) throw new Error('gp: covariance matrix is not positive definite');
  }
  const L = lower;
  const alpha = backSolve(L, forwardSolve(L, targets));
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += Math.log(L[i][i]);
  const fitTerm = targets.reduce((sum, y, i) => sum + y * alpha[i], 0);
  return {
    logLikelihood: -0.5 * fitTerm - logDet - 0.5 * n * Math.log(2 * Math.PI),
    predict(cross, self) {
      const mean = cross.reduce((sum, k, i) => sum + k * alpha[i], 0);
      const v = forwardSolve(L, cross);
      const variance = self - v.reduce((sum, x) => sum + x * x, 0);
      return { mean, sd: Math.sqrt(Math.max(variance, 1e-12)) };
    },
  };
}

/** Lower Cholesky factor of a symmetric matrix, or undefined when it is not positive definite. */
function cholesky(a: readonly (readonly number[])[]): number[][] | undefined {
  const n = a.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        L[i][i] = Math.sqrt(sum);
      } else L[i][j] = sum / L[j][j];
    }
  }
  return L;
}

/** Solves L x = b for lower-triangular L. */
function forwardSolve(L: readonly (readonly number[])[], b: readonly number[]): number[] {
  const x = new Array<number>(b.length);
  for (let i = 0; i < b.length; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= L[i][k] * x[k];
    x[i] = sum / L[i][i];
  }
  return x;
}

/** Solves Lᵀ x = b for lower-triangular L. */
function backSolve(L: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= L[k][i] * x[k];
    x[i] = sum / L[i][i];
  }
  return x;
}
