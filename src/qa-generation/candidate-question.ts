import type { QuestionType } from './answer-candidates.js';

/**
 * One generated question before filtering: the question, its exact answer (`answer ===
 * doc.text.slice(answerStart, answerEnd)`), the sentence it came from, and the overlap measured
 * against that sentence. Filters read and annotate it; the writer turns it into a qa line.
 */
export interface CandidateQuestion {
  question: string;
  answer: string;
  type: QuestionType;
  docId: string;
  /** Position of the document in the corpus (coverage and ordering). */
  docIndex: number;
  sentenceStart: number;
  sentenceEnd: number;
  answerStart: number;
  answerEnd: number;
  /** Content-term Jaccard overlap with the source sentence. */
  overlap: number;
  /**
   * Two-document questions: the other document, the sentence of it the question's other clue
   * comes from, and the span there that links the two (the shared name a bridge question hides).
   */
  partner?: {
    docId: string;
    sentenceStart: number;
    sentenceEnd: number;
    spanStart: number;
    spanEnd: number;
  };
  /** Share of probe configurations that answered it (set by the discriminative filter). */
  probeAnswered?: number;
}
