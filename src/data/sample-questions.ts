import { mulberry32 } from '../stats/seeded-random.js';
import type { QaItem } from './dataset-schema.js';

/**
 * A seeded permutation of the questions. Taking the first n of it gives nested subsets (the
 * first 20 are inside the first 60), which is what paired, multi-fidelity comparisons need.
 */
export function shuffleQuestions(options: { questions: readonly QaItem[]; seed: number }): QaItem[] {
  const out = [...options.questions];
  const random = mulberry32(options.seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The first `n` questions of the seeded permutation (all of them when n is absent or larger). */
export function sampleQuestions(options: { questions: readonly QaItem[]; n?: number; seed: number }): QaItem[] {
  const shuffled = shuffleQuestions(options);
  return options.n === undefined ? shuffled : shuffled.slice(0, options.n);
}
