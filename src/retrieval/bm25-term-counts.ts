import { isStopword, stem, tokenize } from '../text/text-analysis.js';

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

/**
 * Counts the content terms (see `terms`) of each text. Equal to counting `terms(text)` text by
 * text, but each distinct surface token is looked up once per run (stopword test and stem, then
 * its term id), and a text's term frequencies are kept in a typed array instead of a map: this is
 * most of the CPU of a BM25 build.
 */
export function countTerms(texts: readonly string[]): TermCounts {
  const ids = new Map<string, number>();
  // Lower-cased token -> its term's id, or -1 for a stopword.
  const surface = new Map<string, number>();
  const lengths = new Int32Array(texts.length);
  const pairStart = new Int32Array(texts.length + 1);
  let pairs = new Int32Array(Math.max(16, texts.length * 64));
  let used = 0;
  let tf = new Int32Array(1024);
  // Term ids of the current text in order of first occurrence (the order `terms` gives them).
  let seen = new Int32Array(256);
  texts.forEach((text, d) => {
    let length = 0;
    let distinct = 0;
    for (const token of tokenize(text)) {
      let id = surface.get(token);
      if (id === undefined) {
        if (isStopword(token)) id = -1;
        else {
          const term = stem(token);
          id = ids.get(term);
          if (id === undefined) {
            id = ids.size;
            ids.set(term, id);
            if (id >= tf.length) tf = grow(tf, id + 1);
          }
        }
        surface.set(token, id);
      }
      if (id < 0) continue;
      length++;
      if (tf[id] === 0) {
        if (distinct === seen.length) seen = grow(seen, distinct + 1);
        seen[distinct++] = id;
      }
      tf[id]++;
    }
    lengths[d] = length;
    if (used + distinct * 2 > pairs.length) pairs = grow(pairs, used + distinct * 2);
    for (let i = 0; i < distinct; i++) {
      const id = seen[i] as number;
      pairs[used++] = id;
      pairs[used++] = tf[id] as number;
      tf[id] = 0;
    }
    pairStart[d + 1] = used / 2;
  });
  return { vocabulary: [...ids.keys()], lengths, pairStart, pairs: pairs.slice(0, used) };
}

/** A copy of `array` with room for at least `needed` entries (doubling, so appends stay linear). */
function grow(array: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(array.length * 2, needed));
  grown.set(array);
  return grown;
}
