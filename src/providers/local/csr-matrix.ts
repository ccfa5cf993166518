import { addScaled } from './vector-kernels.js';

/**
 * A sparse matrix in compressed sparse row form, and its products with dense row-major
 * matrices: the only operations randomized SVD needs from the term-document matrix.
 * Invariant: row r's entries are `colIndex/values[rowStart[r] .. rowStart[r + 1])`.
 */
export interface CsrMatrix {
  rows: number;
  cols: number;
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
}

/** A · X, where X is `a.cols × width` row-major; returns `a.rows × width` row-major. */
export function multiplyDense(a: CsrMatrix, x: Float64Array, width: number): Float64Array {
  // Gather form: each output row is written once, sequentially.
  const { rows, rowStart, colIndex, values } = a;
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let p = rowStart[r]; p < rowStart[r + 1]; p++)
      addScaled(out, r * width, x, colIndex[p] * width, values[p], width);
  }
  return out;
}

/**
 * Aᵀ as its own CSR matrix (entries of each new row in ascending column order). Products with
 * Aᵀ are then gathers too, which is markedly faster than scattering into a large output.
 */
export function transpose(a: CsrMatrix): CsrMatrix {
  const rowStart = new Int32Array(a.cols + 1);
  for (let p = 0; p < a.colIndex.length; p++) rowStart[a.colIndex[p] + 1]++;
  for (let c = 0; c < a.cols; c++) rowStart[c + 1] += rowStart[c];
  const cursor = rowStart.slice(0, a.cols);
  const colIndex = new Int32Array(a.colIndex.length);
  const values = new Float64Array(a.values.length);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.rowStart[r]; p < a.rowStart[r + 1]; p++) {
      const slot = cursor[a.colIndex[p]]++;
      colIndex[slot] = r;
      values[slot] = a.values[p];
    }
  }
  return { rows: a.cols, cols: a.rows, rowStart, colIndex, values };
}
