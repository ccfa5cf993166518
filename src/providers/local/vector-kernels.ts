/**
 * The two inner loops of the dense linear algebra behind LSA, unrolled by four: V8 does not
 * vectorise, and unrolling cuts their cost by roughly a third. Offsets let callers work on rows
 * or columns of flat row-major matrices without allocating views.
 */

/** target[t..t+length) += scale · source[s..s+length) */
export function addScaled(
  target: Float64Array,
  t: number,
  source: Float64Array,
  s: number,
  scale: number,
  length: number,
): void {
  const unrolled = length - (length % 4);
  let j = 0;
  for (; j < unrolled; j += 4) {
    target[t + j] += scale * source[s + j];
    target[t + j + 1] += scale * source[s + j + 1];
    target[t + j + 2] += scale * source[s + j + 2];
    target[t + j + 3] += scale * source[s + j + 3];
  }
  for (; j < length; j++) target[t + j] += scale * source[s + j];
}

/** Σ a[i..i+length) · b[j..j+length) */
export function dotRange(a: Float64Array, i: number, b: Float64Array, j: number, length: number): number {
  const unrolled = length - (length % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k < unrolled; k += 4) {
    s0 += a[i + k] * b[j + k];
    s1 += a[i + k + 1] * b[j + k + 1];
    s2 += a[i + k + 2] * b[j + k + 2];
    s3 += a[i + k + 3] * b[j + k + 3];
  }
  for (; k < length; k++) s0 += a[i + k] * b[j + k];
  return s0 + s1 + s2 + s3;
}
