import { multiplyDense, transpose, type CsrMatrix } from './csr-matrix.js';
import { seededGaussian } from '../../stats/gaussian-random.js';
import { orthonormalizeColumns } from './orthonormalize.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { addScaled } from './vector-kernels.js';

/** The leading singular triplets' right side: what is needed to project new rows. */
export interface TruncatedSvd {
  /** Number of components kept (≤ the requested rank; zero-variance directions are dropped). */
  rank: number;
  /** Descending singular values, length `rank`. */
  singularValues: Float64Array;
  /** Right singular vectors, `cols × rank` row-major: row c is column c's loadings. */
  rightVectors: Float64Array;
}

/**
 * Truncated SVD of a sparse matrix by randomized subspace iteration (Halko, Martinsson & Tropp
 * 2011, algorithms 4.3 + 5.1), with a seeded Gaussian test matrix so the result is reproducible.
 *
 * All dense work happens on the row side (rows × width), never on the cols × width side, because
 * for LSA rows (chunks, sampled to a few thousand) are far fewer than cols (vocabulary, ~30k):
 *   Y = (A Aᵀ)^q A Ω            sketch of the range, orthonormalised once at the end (float64
 *                               keeps (σ₁/σₗ)^(2q+1) far from 1/ε for q ≤ 2, so intermediate
 *                               re-orthonormalisation is not needed; columns are rescaled instead)
 *   G = Qᵀ A Aᵀ Q = E Λ Eᵀ      small Gram matrix and its eigen-decomposition
 *   U = Q E,  σ = √λ,  V = Aᵀ U Σ⁻¹
 */
export function randomizedSvd(options: {
  matrix: CsrMatrix;
  rank: number;
  oversampling?: number;
  powerIterations?: number;
  seed?: number;
}): TruncatedSvd {
  const { matrix: a, oversampling = 10, powerIterations = 2, seed = 42 } = options;
  const maxRank = Math.min(options.rank, a.rows, a.cols);
  const width = Math.min(maxRank + oversampling, a.rows, a.cols);
  if (maxRank <= 0) return { rank: 0, singularValues: new Float64Array(0), rightVectors: new Float64Array(0) };

  const gaussian = seededGaussian(seed);
  const omega = new Float64Array(a.cols * width);
  for (let i = 0; i < omega.length; i++) omega[i] = gaussian();

  const at = transpose(a);
  let y = multiplyDense(a, omega, width);
  for (let q = 0; q < powerIterations; q++) {
    rescaleColumns(y, a.rows, width);
    y = multiplyDense(a, multiplyDense(at, y, width), width);
  }
  orthonormalizeColumns(y, a.rows, width);
  const basis = y;

  const gram = gramOfProjection(a, at, basis, width);
  const { values, vectors } = symmetricEigen(gram, width);

  // Drop directions with no variance (rank-deficient corpora) instead of dividing by ~0.
  const floor = Math.max(values[0] ?? 0, 0) * 1e-12;
  let rank = 0;
  while (rank < maxRank && values[rank] > floor && values[rank] > 0) rank++;
  const singularValues = Float64Array.from(values.subarray(0, rank), Math.sqrt);

  // U = Q E_k (rows × rank), then V = Aᵀ U Σ⁻¹ (cols × rank).
  const left = new Float64Array(a.rows * rank);
  for (let r = 0; r < a.rows; r++) {
    for (let j = 0; j < width; j++) {
      const qrj = basis[r * width + j];
      if (qrj !== 0) addScaled(left, r * rank, vectors, j * width, qrj, rank);
    }
  }
  const rightVectors = multiplyDense(at, left, rank);
  for (let i = 0; i < rightVectors.length; i++) rightVectors[i] /= singularValues[i % rank];
  return { rank, singularValues, rightVectors };
}

/** Qᵀ (A (Aᵀ Q)), width × width: symmetric, so only the upper triangle is summed, then mirrored. */
function gramOfProjection(a: CsrMatrix, at: CsrMatrix, basis: Float64Array, width: number): Float64Array {
  const w = multiplyDense(a, multiplyDense(at, basis, width), width);
  const gram = new Float64Array(width * width);
  for (let r = 0; r < a.rows; r++) {
    const row = r * width;
    for (let i = 0; i < width; i++) {
      const qri = basis[row + i];
      if (qri !== 0) addScaled(gram, i * width + i, w, row + i, qri, width - i);
    }
  }
  for (let i = 0; i < width; i++) {
    for (let j = i + 1; j < width; j++) {
      gram[j * width + i] = gram[i * width + j];
    }
  }
  return gram;
}

/** Scales each column to unit norm: keeps power iterations far from overflow and underflow. */
function rescaleColumns(matrix: Float64Array, rows: number, width: number): void {
  const norms = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) norms[j] += matrix[r * width + j] ** 2;
  for (let j = 0; j < width; j++) norms[j] = norms[j] > 0 ? 1 / Math.sqrt(norms[j]) : 0;
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) matrix[r * width + j] *= norms[j];
}
