/**
 * Scales `vector` in place to unit L2 length and returns it. An all-zero vector (a text with no
 * features) stays zero: it has no direction, and inventing one would make empty texts look
 * similar to whatever shares it. Its cosine with everything is then 0.
 */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  }
  return vector;
}

/** Inner product of two equal-length vectors (cosine when both are unit length). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
