import { terms } from '../text/text-analysis.js';

/**
 * The per-text term counts of a run of consecutive texts, with term ids local to the run: the
 * part of a BM25 build that reads text (tokenize, stem), so it can run on a worker thread and be
 * sent back in typed arrays. Local ids are given in order of first occurrence, and each text's
 * pairs list its terms in order of first occurrence in that text, which is what lets
 * {@link Bm25Index.fromTermCounts} merge runs into exactly the index of one run over all texts.
 */
export interface TermCounts {
  /** Terms by local id. */
  vocabulary: string[];
  /** Number of terms (with repeats) of each text. */
  lengths: Int32Array;
  /** Text i's (localId, tf) pairs are `pairs[2 * pairStart[i] .. 2 * pairStart[i + 1])`. */
  pairStart: Int32Array;
  pairs: Int32Array;
}

/** Counts the content terms (see `terms`) of each text. */
export function countTerms(texts: readonly string[]): TermCounts {
  const ids = new Map<string, number>();
  const lengths = new Int32Array(texts.length);
  const pairStart = new Int32Array(texts.length + 1);
  let pairs = new Int32Array(Math.max(16, texts.length * 64));
  let used = 0;
  const counts = new Map<number, number>();
  texts.forEach((text, d) => {
    const list = terms(text);
    lengths[d] = list.length;
    counts.clear();
    for (const term of list) {
      let id = ids.get(term);
      if (id === undefined) {
        id = ids.size;
        ids.set(term, id);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (used + counts.size * 2 > pairs.length) {
      const grown = new Int32Array(Math.max(pairs.length * 2, used + counts.size * 2));
      grown.set(pairs.subarray(0, used));
      pairs = grown;
    }
    for (const [id, tf] of counts) {
      pairs[used++] = id;
      pairs[used++] = tf;
    }
    pairStart[d + 1] = used / 2;
  });
  return { vocabulary: [...ids.keys()], lengths, pairStart, pairs: pairs.slice(0, used) };
}
