/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG. Returns a function yielding floats in [0, 1).
 * The same seed always gives the same sequence, so bootstrap intervals and subsamples are
 * reproducible across runs and machines. Not for cryptography. Non-integer seeds are truncated
 * to 32 bits.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
