import { normalizeAnswer } from './normalize-answer.js';

/**
 * SQuAD exact match: 1 when the normalised prediction equals any normalised reference, else 0.
 *
 * Edge cases: with no references the question is treated as unanswerable (SQuAD 2.0), so only an
 * empty prediction scores 1. Callers that want "not applicable" instead report null themselves.
 */
export function exactMatch(options: { prediction: string; references: readonly string[] }): number {
  const prediction = normalizeAnswer(options.prediction);
  const references = options.references.length > 0 ? options.references : [''];
  return references.some((reference) => normalizeAnswer(reference) === prediction) ? 1 : 0;
}
