/**
 * Light text normalisation for finding a reference answer inside a chunk. Unlike the SQuAD
 * normalisation of answer metrics (src/metrics/normalize-answer.ts), which deletes punctuation and so
 * turns "-3.7" into "37" and "3.7%" into "37", this keeps numbers whole: a sign at the start of a
 * number and decimal or thousands separators between digits stay part of the token. Everything
 * else that is not a letter, mark or digit separates tokens.
 */

// A number: optional sign (only where no letter or digit precedes it, so "3-7" is 3 and 7),
// digits with inner "." or "," groups, not glued to a following letter or digit. Else a word.
const TOKEN = /(?<![\p{L}\p{M}\p{N}])[-+]?\p{N}+(?:[.,]\p{N}+)*(?![\p{L}\p{M}\p{N}])|[\p{L}\p{M}\p{N}]+/gu;
const NUMBER = /^[-+]?\p{N}+(?:[.,]\p{N}+)*$/u;
const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the']);
// U+2212 MINUS SIGN and the dashes typeset before numbers read as a minus.
const MINUS_SIGNS = /[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/gu;

/**
 * Lower-cased tokens of `text` with numbers kept whole ("-3.7", "1,000", "2.5") and the articles
 * a/an/the dropped (so "the Eiffel Tower" matches "Eiffel Tower"). [] for text without tokens.
 */
export function lightTokens(text: string): string[] {
  const tokens = (text.normalize('NFC').toLowerCase().replace(MINUS_SIGNS, '-').match(TOKEN) ?? []) as string[];
  return tokens.filter((token) => !ARTICLES.has(token));
}

/** {@link lightTokens} joined by single spaces: the form containment compares on token boundaries. */
export function lightNormalize(text: string): string {
  return lightTokens(text).join(' ');
}

/** True when the token is a number in the {@link lightTokens} sense ("-3.7", "1889", "2,200"). */
export function isNumberToken(token: string): boolean {
  return NUMBER.test(token);
}
