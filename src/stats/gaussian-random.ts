import { mulberry32 } from './seeded-random.js';

/**
 * Standard normal samples from a seeded PRNG (Box-Muller, both outputs used), for random
 * projections and synthetic vectors. The same seed gives the same sequence everywhere.
 */
export function seededGaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
