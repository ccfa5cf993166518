import type { RerankCandidate, Reranker } from '../reranker.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import {
  distinctInOrder,
  documentFrequencies,
  minMaxNormalize,
  phraseMatchScore,
  proximityScore,
  questionTermWeights,
  weightedCoverage,
} from './lexical-signals.js';
import { terms } from '../../text/text-analysis.js';

/**
 * Fixed weights of the `local` reranker's signals (they sum to 1, so scores are in [0, 1]).
 * Coverage dominates because a chunk missing question terms rarely answers it; proximity and
 * phrases reward chunks where the terms form one statement rather than scattered mentions (the
 * signal bag-of-words retrievers lack); the first-stage prior keeps useful retriever evidence
 * (e.g. dense similarity for paraphrases) without letting it override lexical structure.
 */
export const TERM_RERANKER_WEIGHTS = Object.freeze({
  coverage: 0.4,
  proximity: 0.2,
  phrase: 0.15,
  title: 0.05,
  prior: 0.2,
});

/** Per-candidate signals, exposed for tests and diagnostics. */
export interface TermRerankSignals {
  coverage: number;
  proximity: number;
  phrase: number;
  title: number;
  prior: number;
}

/**
 * Computes the `local` reranker's signals for each candidate (same order as given).
 * IDF comes from document frequencies over the candidate set itself: it is the only corpus a
 * reranker sees, and within it a term every candidate shares cannot separate them.
 */
export function termRerankSignals(options: {
  question: string;
  candidates: readonly RerankCandidate[];
}): TermRerankSignals[] {
  const { candidates } = options;
  const questionSequence = terms(options.question);
  const questionSet = new Set(questionSequence);
  const bodies = candidates.map((c) => terms(c.text));
  const titles = candidates.map((c) => new Set(c.title ? terms(c.title) : []));
  const weights = questionTermWeights({
    questionTerms: distinctInOrder(questionSequence),
    frequencies: documentFrequencies(bodies),
    documentCount: candidates.length,
  });
  // Tied first-stage scores say nothing about order, so the prior is then neutral (0 for all).
  const priors = minMaxNormalize(
    candidates.map((c) => c.score),
    0,
  );
  return candidates.map((_, i) => ({
    coverage: weightedCoverage({ weights, documentTerms: new Set(bodies[i]) }),
    proximity: proximityScore({ questionTerms: questionSet, documentTerms: bodies[i] }),
    phrase: phraseMatchScore({ questionSequence, documentTerms: bodies[i] }),
    title: titles[i].size === 0 ? 0 : weightedCoverage({ weights, documentTerms: titles[i] }),
    prior: priors[i],
  }));
}

/** Weighted sum of the signals with {@link TERM_RERANKER_WEIGHTS}. */
export function combineTermSignals(signals: TermRerankSignals): number {
  const w = TERM_RERANKER_WEIGHTS;
  return (
    w.coverage * signals.coverage +
    w.proximity * signals.proximity +
    w.phrase * signals.phrase +
    w.title * signals.title +
    w.prior * signals.prior
  );
}

/**
 * The `local` reranker: lexical rescoring of first-stage candidates by IDF-weighted question-term
 * coverage, term proximity, exact phrase matches, title match and the normalised first-stage score.
 * Returns every candidate, best first; ties keep first-stage order, so the result is deterministic.
 * Takes no params.
 */
export const termReranker: Reranker = {
  name: 'local',
  version: '1',
  description:
    'Offline lexical reranker: question-term coverage (IDF), proximity, phrase and title matches, plus the first-stage score.',
  async rerank({ question, candidates }) {
    const signals = termRerankSignals({ question, candidates });
    const scored = candidates.map((c, i) => ({
      chunkIndex: c.chunkIndex,
      score: combineTermSignals(signals[i]),
      order: i,
    }));
    scored.sort((a, b) => b.score - a.score || a.order - b.order);
    return { ranked: scored.map(({ chunkIndex, score }) => ({ chunkIndex, score })), usage: ZERO_USAGE };
  },
};
