/** `value` with every regular-expression metacharacter escaped, to match it literally. */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Start offsets of every occurrence of `phrase` in `text` as whole words (case-sensitive, not
 * inside a longer word or number: "Nolan" is not found in "Nolans" or "ANolan"), in text order.
 */
export function wholeWordOccurrences(text: string, phrase: string): number[] {
  if (phrase === '') return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, 'gu');
  return [...text.matchAll(pattern)].map((m) => m.index ?? 0);
}
