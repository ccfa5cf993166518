import { normalizeAnswer } from './normalize-answer.js';

/**
 * True when `needle` occurs in `haystack` on token boundaries; both must already be normalised
 * by the same normaliser into space-separated tokens ({@link normalizeAnswer} for answer metrics,
 * `lightNormalize` for chunk relevance). Token boundaries keep "art" from matching inside "party".
 * An empty needle is never contained (it would match everything).
 */
export function containsNormalized(options: { haystack: string; needle: string }): boolean {
  if (options.needle === '') return false;
  return ` ${options.haystack} `.includes(` ${options.needle} `);
}

/**
 * Answer containment: 1 when any normalised reference appears (on token boundaries) in the
 * normalised prediction, else 0. Lenient where exact match is strict: a verbose but correct
 * generated answer still scores.
 *
 * Edge cases: references that normalise to "" are ignored; no usable reference gives 0.
 */
export function answerContainment(options: { prediction: string; references: readonly string[] }): number {
  const haystack = normalizeAnswer(options.prediction);
  return options.references.some((reference) => containsNormalized({ haystack, needle: normalizeAnswer(reference) }))
    ? 1
    : 0;
}
