import { TuneRagError } from '../../errors.js';
import type { RerankCandidate, Reranker } from '../reranker.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import {
  distinctInOrder,
  documentFrequencies,
  minMaxNormalize,
  questionTermWeights,
  weightedCoverage,
} from './lexical-signals.js';
import { terms } from '../../text/text-analysis.js';

/** Default MMR trade-off (matches the catalogue default of `mmr.lambda`). */
export const DEFAULT_MMR_LAMBDA = 0.7;

/** A sparse term-frequency vector with its precomputed Euclidean norm. */
export interface TermVector {
  counts: Map<string, number>;
  norm: number;
}

/** Term-frequency vector of a stemmed term sequence (from `terms()`). */
export function termVector(termSequence: readonly string[]): TermVector {
  const counts = new Map<string, number>();
  for (const term of termSequence) counts.set(term, (counts.get(term) ?? 0) + 1);
  let squares = 0;
  for (const c of counts.values()) squares += c * c;
  return { counts, norm: Math.sqrt(squares) };
}

/** Cosine similarity of two term-frequency vectors; 0 when either is empty. */
export function termCosine(a: string, b: string): number {
  return cosine(termVector(terms(a)), termVector(terms(b)));
}

function cosine(a: TermVector, b: TermVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, count] of small.counts) dot += count * (large.counts.get(term) ?? 0);
  return dot / (a.norm * b.norm);
}

/**
 * Reads `lambda` (default {@link DEFAULT_MMR_LAMBDA}) and `coverage_weight` (default 0) from params.
 * Out-of-range values are config errors: silently clamping would tune a parameter that does nothing.
 */
function readParams(params: Record<string, unknown>): { lambda: number; coverageWeight: number } {
  const read = (key: string, fallback: number): number => {
    const value = params[key] ?? fallback;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new TuneRagError(
        'config',
        `mmr reranker: ${key} must be a number in [0, 1], got ${JSON.stringify(value)}.`,
      );
    }
    return value;
  };
  return { lambda: read('lambda', DEFAULT_MMR_LAMBDA), coverageWeight: read('coverage_weight', 0) };
}

/**
 * Relevance of each candidate: min-max normalised first-stage score, blended with IDF-weighted
 * question-term coverage when `coverageWeight` > 0 (IDF over the candidate set).
 */
function relevances(
  question: string,
  candidates: readonly RerankCandidate[],
  bodies: readonly string[][],
  coverageWeight: number,
): number[] {
  const prior = minMaxNormalize(
    candidates.map((c) => c.score),
    1,
  );
  if (coverageWeight === 0) return prior;
  const weights = questionTermWeights({
    questionTerms: distinctInOrder(terms(question)),
    frequencies: documentFrequencies(bodies),
    documentCount: candidates.length,
  });
  return prior.map(
    (p, i) =>
      (1 - coverageWeight) * p + coverageWeight * weightedCoverage({ weights, documentTerms: new Set(bodies[i]) }),
  );
}

/**
 * Greedy Maximal Marginal Relevance order of candidate positions: each step picks the candidate
 * maximising lambda * relevance - (1 - lambda) * (max cosine similarity to those already picked).
 * Ties go to the earlier first-stage candidate. O(n^2) similarities, fine for tens of candidates.
 */
export function mmrOrder(options: {
  relevance: readonly number[];
  vectors: readonly TermVector[];
  lambda: number;
}): number[] {
  const { relevance, vectors, lambda } = options;
  const n = relevance.length;
  const maxSimilarity = new Array<number>(n).fill(0);
  const picked = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  for (let step = 0; step < n; step++) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (picked[i]) continue;
      const value = lambda * relevance[i] - (1 - lambda) * maxSimilarity[i];
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    picked[best] = true;
    order.push(best);
    // Only similarities to the newest pick can raise a candidate's redundancy.
    for (let i = 0; i < n; i++) {
      if (!picked[i]) maxSimilarity[i] = Math.max(maxSimilarity[i], cosine(vectors[best], vectors[i]));
    }
  }
  return order;
}

/**
 * The `mmr` reranker: diversifies the first-stage list with Maximal Marginal Relevance.
 * Similarity between candidates is the cosine of their stemmed term-frequency vectors.
 * params: `lambda` in [0, 1] (1 = relevance only, 0 = diversity only; default 0.7) and optional
 * `coverage_weight` in [0, 1] blending question-term coverage into relevance (default 0).
 * Returns all candidates in MMR order with a rank-derived score ((n - position) / n), because MMR
 * gains from different steps are not comparable.
 */
export const mmrReranker: Reranker = {
  name: 'mmr',
  version: '1',
  description:
    'Maximal Marginal Relevance: trades first-stage relevance against redundancy (term-vector cosine); lambda sets the balance.',
  async rerank({ question, candidates, params }) {
    const { lambda, coverageWeight } = readParams(params);
    const bodies = candidates.map((c) => terms(c.text));
    const vectors = bodies.map(termVector);
    const relevance = relevances(question, candidates, bodies, coverageWeight);
    const order = mmrOrder({ relevance, vectors, lambda });
    const n = candidates.length;
    return {
      ranked: order.map((index, position) => ({ chunkIndex: candidates[index].chunkIndex, score: (n - position) / n })),
      usage: ZERO_USAGE,
    };
  },
};
