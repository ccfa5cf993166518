import { mulberry32 } from '../../stats/seeded-random.js';
import { fitAdditiveEffects } from './additive-anova.js';
import type { ParameterLevels } from './parameter-levels.js';

/**
 * How many shuffles of the target estimate the chance level: enough for a small study, where the
 * chance level is large and matters, fewer for a large one, where it is small ((k − 1) / (n − 1)
 * for a factor with k levels on n rows) and each fit costs more.
 */
export function chancePermutations(rows: number): number {
  return Math.max(4, Math.min(16, Math.round(1600 / Math.max(1, rows))));
}

/**
 * What each factor's main effect explains by chance alone: the mean of its (non-negative)
 * explained share when the same additive model is fitted to seeded shuffles of the target. A
 * shuffle keeps the design (which values were tried together, how many levels each factor has)
 * and breaks every link between configuration and result, so a parameter with many levels, tried
 * on few trials, gets the large share it would get from noise. Subtracting it is what turns "13
 * parameters fitted to 20 trials explain 97%" into the part that is evidence. Also returns the
 * chance level of R². Deterministic for a seed.
 *
 * A shuffle makes the whole target noise; when the factors explain most of it, the noise is only
 * the residual part. So the chance levels are scaled by the share of the target's variance that is
 * noise, estimated from the fit's residual over its residual degrees of freedom
 * (n − 1 − Σ (levels − 1)); with no degrees of freedom left (more level effects than trials) noise
 * cannot be told from signal, and the full shuffle level applies.
 */
export function chanceExplained(options: {
  target: readonly number[];
  factors: readonly ParameterLevels[];
  rSquared: number;
  seed: number;
}): { explained: number[]; rSquared: number } {
  const { target, factors } = options;
  const n = target.length;
  const residualDf = n - 1 - factors.reduce((sum, f) => sum + f.labels.length - 1, 0);
  const noiseShare = residualDf > 0 ? Math.min(1, ((1 - options.rSquared) * (n - 1)) / residualDf) : 1;
  const permutations = chancePermutations(target.length);
  const random = mulberry32(options.seed);
  const explained = factors.map(() => 0);
  let rSquared = 0;
  for (let p = 0; p < permutations; p++) {
    const shuffled = [...target];
    // Fisher–Yates with the seeded generator.
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const fit = fitAdditiveEffects({ target: shuffled, factors });
    if (!fit) continue;
    fit.explained.forEach((e, j) => (explained[j] += Math.max(0, e) / permutations));
    rSquared += fit.rSquared / permutations;
  }
  return { explained: explained.map((e) => e * noiseShare), rSquared: rSquared * noiseShare };
}
