import { describe, expect, it } from 'vitest';
import { multiplyDense, transpose, type CsrMatrix } from '../../src/providers/local/csr-matrix.js';
import { orthonormalizeColumns } from '../../src/providers/local/orthonormalize.js';
import { randomizedSvd } from '../../src/providers/local/randomized-svd.js';
import { symmetricEigen } from '../../src/providers/local/symmetric-eigen.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

function denseToCsr(rows: number, cols: number, dense: number[]): CsrMatrix {
  const rowStart = new Int32Array(rows + 1);
  const colIndex: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (dense[r * cols + c] !== 0) {
        colIndex.push(c);
        values.push(dense[r * cols + c]);
      }
    }
    rowStart[r + 1] = colIndex.length;
  }
  return { rows, cols, rowStart, colIndex: Int32Array.from(colIndex), values: Float64Array.from(values) };
}

function randomSparse(rows: number, cols: number, density: number, seed: number): { csr: CsrMatrix; dense: number[] } {
  const random = mulberry32(seed);
  const dense = Array.from({ length: rows * cols }, () => (random() < density ? random() * 2 - 1 : 0));
  return { csr: denseToCsr(rows, cols, dense), dense };
}

describe('csr-matrix', () => {
  it('multiplies by a dense matrix and transposes', () => {
    // A = [[1, 0, 2], [0, 3, 0]]
    const a = denseToCsr(2, 3, [1, 0, 2, 0, 3, 0]);
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]); // 3 × 2
    expect(Array.from(multiplyDense(a, x, 2))).toEqual([11, 14, 9, 12]);
    const at = transpose(a);
    expect(at.rows).toBe(3);
    expect(Array.from(multiplyDense(at, Float64Array.from([1, 1]), 1))).toEqual([1, 3, 2]);
  });
});

describe('symmetricEigen', () => {
  it('decomposes a symmetric matrix: A v = λ v, descending, orthonormal', () => {
    const n = 6;
    const random = mulberry32(3);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random() - 0.5;
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 0; k < n; k++) {
      if (k > 0) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + k];
        expect(av).toBeCloseTo(values[k] * vectors[i * n + k], 10);
      }
      for (let l = 0; l < n; l++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += vectors[i * n + k] * vectors[i * n + l];
        expect(d).toBeCloseTo(k === l ? 1 : 0, 10);
      }
    }
  });

  it('handles diagonal and 1 × 1 matrices', () => {
    expect(Array.from(symmetricEigen(Float64Array.from([2, 0, 0, 5]), 2).values)).toEqual([5, 2]);
    expect(Array.from(symmetricEigen(Float64Array.from([7]), 1).values)).toEqual([7]);
  });
});

describe('orthonormalizeColumns', () => {
  it('makes columns orthonormal and zeroes dependent ones', () => {
    const rows = 5;
    // Columns: c0, c1, c0 + c1 (dependent).
    const m = new Float64Array(rows * 3);
    const random = mulberry32(9);
    for (let r = 0; r < rows; r++) {
      m[r * 3] = random();
      m[r * 3 + 1] = random();
      m[r * 3 + 2] = m[r * 3] + m[r * 3 + 1];
    }
    orthonormalizeColumns(m, rows, 3);
    const column = (j: number) => Array.from({ length: rows }, (_, r) => m[r * 3 + j]);
    const d = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(d(column(0), column(0))).toBeCloseTo(1, 12);
    expect(d(column(1), column(1))).toBeCloseTo(1, 12);
    expect(d(column(0), column(1))).toBeCloseTo(0, 12);
    expect(column(2).every((v) => v === 0)).toBe(true);
  });
});

describe('randomizedSvd', () => {
  it('recovers the leading singular values of a sparse matrix', () => {
    const rows = 60;
    const cols = 40;
    const { csr, dense } = randomSparse(rows, cols, 0.2, 5);
    // Exact singular values: square roots of the eigenvalues of AᵀA.
    const ata = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += dense[r * cols + i] * dense[r * cols + j];
        ata[i * cols + j] = s;
      }
    }
    const exact = Array.from(symmetricEigen(ata, cols).values, (v) => Math.sqrt(Math.max(v, 0)));
    const svd = randomizedSvd({ matrix: csr, rank: 5, oversampling: 10, powerIterations: 2, seed: 1 });
    expect(svd.rank).toBe(5);
    // A random matrix has a flat spectrum, the hard case for randomized SVD: within 1%.
    for (let k = 0; k < 5; k++) expect(Math.abs(svd.singularValues[k] - exact[k]) / exact[k]).toBeLessThan(0.01);
    // Right singular vectors are orthonormal: VᵀV = I.
    for (let a = 0; a < 5; a++) {
      for (let b = 0; b < 5; b++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += svd.rightVectors[c * 5 + a] * svd.rightVectors[c * 5 + b];
        expect(s).toBeCloseTo(a === b ? 1 : 0, 6);
      }
    }
  });

  it('is deterministic for a seed and drops zero-variance directions', () => {
    const { csr } = randomSparse(30, 20, 0.3, 8);
    const a = randomizedSvd({ matrix: csr, rank: 4, seed: 3 });
    const b = randomizedSvd({ matrix: csr, rank: 4, seed: 3 });
    expect(Array.from(a.rightVectors)).toEqual(Array.from(b.rightVectors));
    // Rank-1 matrix: every row is the same.
    const repeated = denseToCsr(4, 3, [1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    const low = randomizedSvd({ matrix: repeated, rank: 3 });
    expect(low.rank).toBe(1);
    expect(low.singularValues[0]).toBeCloseTo(Math.sqrt(4 * 5), 10);
  });
});
