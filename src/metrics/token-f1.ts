import { answerTokens } from './normalize-answer.js';

/**
 * Token-overlap F1 of one token list against one reference token list (SQuAD `compute_f1`):
 * multiset overlap, and when either side is empty, 1 only when both are. Shared by the answer
 * metrics that differ only in how they tokenise (SQuAD tokens, content terms).
 */
export function f1Against(prediction: readonly string[], reference: readonly string[]): number {
  // SQuAD convention: if either side is empty, F1 is 1 only when both are.
  if (prediction.length === 0 || reference.length === 0) {
    return prediction.length === reference.length ? 1 : 0;
  }
  const remaining = new Map<string, number>();
  for (const token of reference) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  // Multiset intersection: a repeated token only counts as often as the reference has it.
  let common = 0;
  for (const token of prediction) {
    const count = remaining.get(token) ?? 0;
    if (count > 0) {
      common += 1;
      remaining.set(token, count - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / prediction.length;
  const recall = common / reference.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * SQuAD token F1 on normalised tokens, the maximum over references.
 *
 * Edge cases: empty prediction and empty reference score 1, one empty side scores 0; with no
 * references the question counts as unanswerable (compared against one empty reference).
 */
export function tokenF1(options: { prediction: string; references: readonly string[] }): number {
  const prediction = answerTokens(options.prediction);
  const references = options.references.length > 0 ? options.references : [''];
  return Math.max(...references.map((reference) => f1Against(prediction, answerTokens(reference))));
}
