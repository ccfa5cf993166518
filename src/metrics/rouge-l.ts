import { answerTokens } from './normalize-answer.js';

/** Length of the longest common subsequence of two token lists (O(n·m) time, O(m) memory). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const tokenA of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = tokenA === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    previous = current;
  }
  return previous[b.length];
}

/** ROUGE-L F-measure of one token list against one reference token list (empty sides as token F1). */
export function rougeLAgainst(prediction: readonly string[], reference: readonly string[]): number {
  // Same empty-side convention as token F1, so the two metrics agree on degenerate answers.
  if (prediction.length === 0 || reference.length === 0) {
    return prediction.length === reference.length ? 1 : 0;
  }
  const lcs = lcsLength(prediction, reference);
  if (lcs === 0) return 0;
  const precision = lcs / prediction.length;
  const recall = lcs / reference.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * ROUGE-L F-measure (beta = 1, as in Google's `rouge-score`) on SQuAD-normalised tokens, the
 * maximum over references: precision = LCS / prediction length, recall = LCS / reference length.
 *
 * Edge cases: both empty → 1, one empty → 0; no references → compared against one empty reference.
 */
export function rougeL(options: { prediction: string; references: readonly string[] }): number {
  const prediction = answerTokens(options.prediction);
  const references = options.references.length > 0 ? options.references : [''];
  return Math.max(...references.map((reference) => rougeLAgainst(prediction, answerTokens(reference))));
}
