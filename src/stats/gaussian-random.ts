import { mulberry32 } from './seeded-random.js';

/**
 * Standard normal draws by Box–Muller, the one implementation of it: `normalPair` turns two
 * uniforms into two independent N(0, 1) values; `standardNormal` keeps the first of a pair, for
 * callers that share one uniform stream with other draws (TPE, greedy moves) and so cannot hold
 * a spare between calls; `seededGaussian` owns its stream and uses both values of each pair.
 */

/** Two independent standard normal values from the next two uniforms of `random` (cosine first, then sine). */
export function normalPair(random: () => number): [number, number] {
  // 1 - u keeps the logarithm's argument in (0, 1]: log(0) would be -Infinity.
  const radius = Math.sqrt(-2 * Math.log(1 - random()));
  const angle = 2 * Math.PI * random();
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

/** One standard normal draw, consuming two uniforms of `random` (the pair's second value is dropped). */
export function standardNormal(random: () => number): number {
  return normalPair(random)[0];
}

/**
 * Standard normal samples from a seeded PRNG, both values of each pair used, for random
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
    const [value, next] = normalPair(uniform);
    spare = next;
    return value;
  };
}
