/**
 * Lexical relevance signals over stemmed term sequences (the output of `terms()` in
 * text-analysis.ts), shared by the local reranker and the extractive answerer so that coverage,
 * proximity and phrase matching are computed the same way in both.
 *
 * Every signal is in [0, 1] so callers can combine them with fixed weights.
 */

/** Number of documents each term occurs in (a document counts once per term). */
export function documentFrequencies(documents: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const document of documents) {
    for (const term of new Set(document)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return df;
}

/**
 * BM25-style inverse document frequency, ln(1 + (N - df + 0.5) / (df + 0.5)). Always positive:
 * a term present everywhere still counts a little, so coverage never divides by zero.
 */
export function inverseDocumentFrequency(options: { documentFrequency: number; documentCount: number }): number {
  const { documentFrequency: df, documentCount: n } = options;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** IDF of each distinct question term, given document frequencies over `documentCount` documents. */
export function questionTermWeights(options: {
  questionTerms: readonly string[];
  frequencies: ReadonlyMap<string, number>;
  documentCount: number;
}): Map<string, number> {
  const weights = new Map<string, number>();
  for (const term of options.questionTerms) {
    if (weights.has(term)) continue;
    const documentFrequency = options.frequencies.get(term) ?? 0;
    weights.set(term, inverseDocumentFrequency({ documentFrequency, documentCount: options.documentCount }));
  }
  return weights;
}

/**
 * Share of the question's IDF mass present in the document: sum of IDF over matched distinct
 * question terms / sum over all of them. Terms only in `contextTerms` (a section heading, a table
 * header, a title) earn `contextCredit` of their weight: they locate the passage without being in it.
 */
export function weightedCoverage(options: {
  weights: ReadonlyMap<string, number>;
  documentTerms: ReadonlySet<string>;
  contextTerms?: ReadonlySet<string>;
  contextCredit?: number;
}): number {
  const { weights, documentTerms, contextTerms } = options;
  const credit = options.contextCredit ?? 0.5;
  let total = 0;
  let matched = 0;
  for (const [term, weight] of weights) {
    total += weight;
    if (documentTerms.has(term)) matched += weight;
    else if (contextTerms?.has(term)) matched += credit * weight;
  }
  return total === 0 ? 0 : matched / total;
}

/**
 * Term proximity: find the smallest window of the document (in term positions) that contains every
 * distinct question term the document contains at all (K of them), and score K / windowLength,
 * scaled by K / |question terms| because a tight window over few question terms is weak evidence.
 * With fewer than two matched terms there is no proximity to observe, so the score is 0, except
 * for one-term questions where a match is as close as it can be (1).
 */
export function proximityScore(options: {
  questionTerms: ReadonlySet<string>;
  documentTerms: readonly string[];
}): number {
  const { questionTerms, documentTerms } = options;
  const positions: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < documentTerms.length; i++) {
    if (questionTerms.has(documentTerms[i])) {
      positions.push(i);
      ids.push(documentTerms[i]);
    }
  }
  const matched = new Set(ids).size;
  if (matched === 0) return 0;
  if (matched < 2) return questionTerms.size === 1 ? 1 : 0;
  const window = smallestCoveringWindow(positions, ids, matched);
  return (matched / window) * (matched / questionTerms.size);
}

/** Classic two-pointer minimum window over the matched positions; O(matches). */
function smallestCoveringWindow(positions: readonly number[], ids: readonly string[], needed: number): number {
  const counts = new Map<string, number>();
  let covered = 0;
  let best = Number.POSITIVE_INFINITY;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    const added = (counts.get(ids[right]) ?? 0) + 1;
    counts.set(ids[right], added);
    if (added === 1) covered++;
    while (covered === needed) {
      best = Math.min(best, positions[right] - positions[left] + 1);
      const remaining = (counts.get(ids[left]) ?? 0) - 1;
      counts.set(ids[left], remaining);
      if (remaining === 0) covered--;
      left++;
    }
  }
  return best;
}

/**
 * Phrase matching: share of the question's term bigrams and trigrams that occur contiguously in
 * the document's term sequence (so verbatim up to stopwords and inflection). Trigrams count double:
 * a longer shared phrase is stronger evidence. 0 when the question has fewer than two terms.
 */
export function phraseMatchScore(options: {
  questionSequence: readonly string[];
  documentTerms: readonly string[];
}): number {
  const q = options.questionSequence;
  const bigrams = new Set<string>();
  const trigrams = new Set<string>();
  for (let i = 0; i + 1 < q.length; i++) {
    bigrams.add(`${q[i]} ${q[i + 1]}`);
    if (i + 2 < q.length) trigrams.add(`${q[i]} ${q[i + 1]} ${q[i + 2]}`);
  }
  const possible = bigrams.size + 2 * trigrams.size;
  if (possible === 0) return 0;
  const seenBigrams = new Set<string>();
  const seenTrigrams = new Set<string>();
  const d = options.documentTerms;
  for (let i = 0; i + 1 < d.length; i++) {
    const bigram = `${d[i]} ${d[i + 1]}`;
    if (!bigrams.has(bigram)) continue;
    seenBigrams.add(bigram);
    if (i + 2 < d.length) {
      const trigram = `${bigram} ${d[i + 2]}`;
      if (trigrams.has(trigram)) seenTrigrams.add(trigram);
    }
  }
  return (seenBigrams.size + 2 * seenTrigrams.size) / possible;
}

/**
 * Min-max normalisation to [0, 1]. When all values are equal they carry no ranking information,
 * so every value maps to `whenConstant` (default 1).
 */
export function minMaxNormalize(values: readonly number[], whenConstant = 1): number[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const spread = max - min;
  if (!(spread > 0) || !Number.isFinite(spread)) return values.map(() => whenConstant);
  return values.map((v) => (v - min) / spread);
}

/** Distinct values in first-seen order (question terms keep their order for phrase matching). */
export function distinctInOrder(values: readonly string[]): string[] {
  return [...new Set(values)];
}
