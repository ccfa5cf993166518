import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * Shared lexical analysis for the local components (BM25, hashed embedders, reranker, answerer),
 * so that "a term" means the same thing everywhere.
 */

const STOPWORDS: ReadonlySet<string> = new Set([
  ...eng,
  'does',
  'did',
  'can',
  'could',
  'would',
  'should',
  'which',
  'what',
  'how',
  'when',
  'where',
  'who',
  'whom',
  'why',
]);

// Dotted numbers and versions ("2.3.1", "0.25") stay one token: they are often the whole answer.
const TOKEN_PATTERN = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+/gu;

/** Lower-cased surface tokens with their character offsets, stopwords included. */
export function tokenizeWithOffsets(text: string): { token: string; start: number; end: number }[] {
  const out: { token: string; start: number; end: number }[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const start = match.index ?? 0;
    out.push({ token: match[0].toLowerCase(), start, end: start + match[0].length });
  }
  return out;
}

/** Lower-cased surface tokens, stopwords included. */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(TOKEN_PATTERN) ?? []) as string[];
}

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

const stemCache = new Map<string, string>();
/** Porter stem, memoised (the same few thousand words recur across a corpus). */
export function stem(token: string): string {
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = /^\p{N}/u.test(token) ? token : stemmer(token);
    if (stemCache.size < 500_000) stemCache.set(token, stemmed);
  }
  return stemmed;
}

/** Content terms: tokenized, stopwords removed, stemmed. The unit of BM25 and term overlap. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (!STOPWORDS.has(token)) out.push(stem(token));
  }
  return out;
}
