import { normalizeAnswer } from '../metrics/normalize-answer.js';
import type { CandidateQuestion } from './candidate-question.js';
import { contentTermSet, jaccard } from './lexical-overlap.js';

/**
 * Two questions whose content-term Jaccard reaches this ask the same thing in other words (or
 * the same words about another occurrence): only the first is kept.
 */
export const NEAR_DUPLICATE_OVERLAP = 0.7;

/**
 * Drops near-duplicates, keeping the first of each group in the given (seeded) order: the same
 * answer value again in the same document (a fact repeated across sections is one fact; with the
 * same partner document for two-document questions), or a
 * question whose terms overlap an earlier kept one by {@link NEAR_DUPLICATE_OVERLAP} or more.
 */
export function dropNearDuplicates<
  T extends Pick<CandidateQuestion, 'question' | 'answer' | 'docId'> & { partner?: { docId: string } },
>(candidates: readonly T[]): T[] {
  const kept: { candidate: T; terms: Set<string> }[] = [];
  const answersSeen = new Set<string>();
  for (const candidate of candidates) {
    // Unanswerable items have no answer: only their wording can make them duplicates. A
    // two-document question reaching a fact through another document is not the one-document one.
    const answerKey =
      candidate.answer === ''
        ? null
        : `${candidate.docId}\u0000${candidate.partner?.docId ?? ''}\u0000${normalizeAnswer(candidate.answer)}`;
    if (answerKey !== null && answersSeen.has(answerKey)) continue;
    const terms = contentTermSet(candidate.question);
    if (kept.some((k) => jaccard(k.terms, terms) >= NEAR_DUPLICATE_OVERLAP)) continue;
    if (answerKey !== null) answersSeen.add(answerKey);
    kept.push({ candidate, terms });
  }
  return kept.map((k) => k.candidate);
}
