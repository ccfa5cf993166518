/**
 * 32-bit string hashing for the hashing trick: FNV-1a to digest text, then the murmur3 finaliser
 * so that every output bit depends on every input bit (FNV alone leaves low bits weak, and we
 * take the bucket as `key % dimensions`). Pure integer maths, identical on every platform.
 */

/** FNV-1a offset basis: the hash of the empty string. */
export const FNV_OFFSET = 0x811c9dc5;

/** Folds one UTF-16 code unit into a running FNV-1a hash. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193) >>> 0;
}

/**
 * FNV-1a over the UTF-16 code units of `text`, continuing from `seed` (so `fnv1a(b, fnvStep(fnv1a(a), 32))`
 * hashes "a b" without building the string).
 */
export function fnv1a(text: string, seed = FNV_OFFSET): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}

/** murmur3 fmix32: a bijective avalanche on 32 bits. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Output dimension of a feature key. */
export function hashedBucket(key: number, dimensions: number): number {
  return key % dimensions;
}

/**
 * ±1 for a feature key, from bits independent of its bucket. Signed hashing makes colliding
 * features cancel in expectation instead of always adding up, so inner products stay unbiased.
 */
export function hashedSign(key: number): 1 | -1 {
  return (mix32(key ^ 0x9e3779b9) & 1) === 0 ? 1 : -1;
}
