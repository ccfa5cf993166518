import { terms } from '../text/text-analysis.js';

/**
 * The most a generated question may share with its source sentence, as the Jaccard index of
 * their content-term sets (stemmed, stopwords removed, the terms BM25 scores on). Above this a
 * question is close to a copy of its sentence: BM25 then finds the source trivially and every
 * configuration answers it, so it cannot rank configurations. 0.5 keeps at most half of the
 * sentence's distinct terms (when the question adds none of its own); a lower bound leaves too
 * few terms on short sentences to say what is asked.
 */
export const MAX_SOURCE_OVERLAP = 0.5;

/** Distinct content terms of a text. */
export function contentTermSet(text: string): Set<string> {
  return new Set(terms(text));
}

/** Jaccard index |A ∩ B| / |A ∪ B| of two term sets; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Content-term Jaccard overlap of two texts (see {@link MAX_SOURCE_OVERLAP}). */
export function contentOverlap(options: { a: string; b: string }): number {
  return jaccard(contentTermSet(options.a), contentTermSet(options.b));
}
