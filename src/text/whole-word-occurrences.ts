const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Start offsets of every occurrence of `phrase` in `text` as whole words (case-sensitive, not
 * inside a longer word or number: "Nolan" is not found in "Nolans" or "ANolan"), in text order.
 * Plain `indexOf` with a boundary check: linking names across a corpus tests thousands of
 * phrases, and compiling a Unicode pattern for each costs more than the search.
 */
export function wholeWordOccurrences(text: string, phrase: string, limit = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  if (phrase === '') return out;
  for (let at = text.indexOf(phrase); at >= 0 && out.length < limit; at = text.indexOf(phrase, at + 1)) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + phrase.length] ?? '';
    const glued = (c: string, edge: string): boolean => c !== '' && WORD_CHAR.test(c) && WORD_CHAR.test(edge);
    if (!glued(before, phrase[0]) && !glued(after, phrase[phrase.length - 1])) out.push(at);
  }
  return out;
}
