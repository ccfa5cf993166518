import type { CandidateQuestion } from './candidate-question.js';
import { selectWithCoverage } from './coverage-selection.js';

/**
 * The share of a generated set given to two-document questions when the filters keep enough of
 * them: a quarter, so retrieving both documents of a question weighs in the ranking of
 * configurations while most questions still ask one fact of one document. A fixed share, the
 * same for every corpus (not fitted to any dataset); a corpus with no related documents gets
 * none, and one with too few single-document questions gets more.
 */
export const TWO_DOCUMENT_SHARE = 0.25;

/**
 * Picks `n` questions: round(n × {@link TWO_DOCUMENT_SHARE}) two-document ones (fewer when fewer
 * were kept, more when the single-document ones cannot fill the rest), the others
 * single-document, each part spread over the documents by selectWithCoverage. Single-document
 * questions first, in pick order.
 */
export function selectTypeMix(options: { candidates: readonly CandidateQuestion[]; n: number }): CandidateQuestion[] {
  const { candidates, n } = options;
  const two = candidates.filter((c) => c.partner !== undefined);
  const one = candidates.filter((c) => c.partner === undefined);
  const wantTwo = Math.min(two.length, Math.max(n - one.length, Math.round(n * TWO_DOCUMENT_SHARE)));
  const pickedTwo = selectWithCoverage({ candidates: two, n: wantTwo });
  return [...selectWithCoverage({ candidates: one, n: n - pickedTwo.length }), ...pickedTwo];
}
