/**
 * SQuAD-style answer normalisation, shared by every answer metric and by chunk relevance so that
 * "the same answer" means the same thing everywhere.
 */

// SQuAD strips ASCII `string.punctuation`; we strip every Unicode punctuation mark and symbol,
// a superset, so curly quotes and en dashes in generated text do not break a match.
const PUNCTUATION = /[\p{P}\p{S}]/gu;
const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);

/**
 * Normalise an answer the SQuAD way: lower-case, delete punctuation (deleted, not replaced by a
 * space, so "well-known" becomes "wellknown" on both sides), drop the articles a/an/the, and
 * collapse whitespace. Returns "" for empty or punctuation-only input.
 */
export function normalizeAnswer(text: string): string {
  // Articles are dropped as whole whitespace-separated words (punctuation is gone by then):
  // a regex \b would treat accented letters as boundaries and cut "the" out of "éthe".
  return text
    .toLowerCase()
    .replace(PUNCTUATION, '')
    .split(/\s+/)
    .filter((word) => word !== '' && !ARTICLES.has(word))
    .join(' ');
}

/** Tokens of the normalised answer (split on whitespace); [] for an empty answer. */
export function answerTokens(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized === '' ? [] : normalized.split(' ');
}
