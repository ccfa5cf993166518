import { addScaled, dotRange } from './vector-kernels.js';

/**
 * Orthonormalises the columns of a `rows × width` row-major matrix in place: modified
 * Gram-Schmidt with selective re-orthogonalisation ("twice is enough": a column is projected a
 * second time only when the first pass removed more than ~30% of its norm, the sign that
 * rounding may have left it slightly off). Works on a column-major copy so the inner loops are
 * contiguous. A column that is numerically a combination of earlier ones becomes zero rather
 * than amplified noise, so rank-deficient inputs (tiny or duplicated corpora) are safe: later
 * steps treat zero columns as absent.
 */
export function orthonormalizeColumns(matrix: Float64Array, rows: number, width: number): void {
  const columns = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) columns[j * rows + r] = matrix[r * width + j];
  for (let j = 0; j < width; j++) {
    const cj = j * rows;
    const original = Math.sqrt(dotRange(columns, cj, columns, cj, rows));
    let before = original;
    let after = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const ci = i * rows;
        const projection = dotRange(columns, ci, columns, cj, rows);
        if (projection !== 0) addScaled(columns, cj, columns, ci, -projection, rows);
      }
      after = Math.sqrt(dotRange(columns, cj, columns, cj, rows));
      if (after > 0.7 * before) break;
      before = after;
    }
    // What survives below this relative size is rounding error of the projections, not a direction.
    const scale = after > 1e-10 * original ? 1 / after : 0;
    for (let r = 0; r < rows; r++) columns[cj + r] *= scale;
  }
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) matrix[r * width + j] = columns[j * rows + r];
}
