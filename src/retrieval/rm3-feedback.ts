import { isStopword, stem, terms, tokenize } from '../text/text-analysis.js';

/** One feedback term: its surface form (what is searched) and its relevance-model weight. */
export interface FeedbackTerm {
  term: string;
  weight: number;
}

/**
 * The relevance model of RM3 (Lavrenko & Croft; Abdul-Jaleel et al. 2004) over the top retrieved
 * texts: P(t|R) = Σ_d P(d|q)·P(t|d), with P(t|d) the term's share of d's content terms and P(d|q)
 * the text's retrieval score normalised over the feedback texts (uniform when no score is
 * positive, as cosine scores can be). Query terms are left out: they are in the query already.
 * Returns the `count` heaviest terms, weights renormalised to sum 1, ties by surface form, each
 * as its most frequent surface word (the stem itself is not a word BM25 or an embedder knows).
 */
export function rm3FeedbackTerms(options: {
  query: string;
  feedback: readonly { text: string; score: number }[];
  count: number;
}): FeedbackTerm[] {
  const { feedback, count } = options;
  const queryTerms = new Set(terms(options.query));
  const positive = feedback.map((f) => Math.max(f.score, 0));
  const total = positive.reduce((sum, s) => sum + s, 0);
  const docWeights = positive.map((s) => (total > 0 ? s / total : 1 / Math.max(feedback.length, 1)));
  const weights = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  feedback.forEach((f, d) => {
    const words = tokenize(f.text).filter((word) => !isStopword(word));
    for (const word of words) {
      const term = stem(word);
      if (queryTerms.has(term)) continue;
      weights.set(term, (weights.get(term) ?? 0) + docWeights[d] / words.length);
      const forms = surfaces.get(term) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      surfaces.set(term, forms);
    }
  });
  const ranked = [...weights].map(([term, weight]) => ({ term: surfaceOf(surfaces.get(term)!), weight }));
  ranked.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const top = ranked.slice(0, count);
  const sum = top.reduce((s, t) => s + t.weight, 0);
  return top.map((t) => ({ term: t.term, weight: sum > 0 ? t.weight / sum : 0 }));
}

/** The most frequent surface word of a stem (ties: alphabetical), for a deterministic query. */
function surfaceOf(forms: Map<string, number>): string {
  return [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}
