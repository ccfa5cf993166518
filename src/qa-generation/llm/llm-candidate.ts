import type { LlmQuestionType } from './llm-question-reply.js';

/**
 * A checked LLM item: offsets verified in the document text (`answer === text.slice(answerStart,
 * answerEnd)` in document `docId`, and the evidence quote at `evidenceStart..evidenceEnd` there).
 */
export interface LlmCandidate {
  type: LlmQuestionType;
  question: string;
  /** '' for unanswerable items. */
  answer: string;
  /** The document holding the answer. */
  docId: string;
  evidenceStart: number;
  evidenceEnd: number;
  answerStart: number;
  answerEnd: number;
  /** Two-document items: the other document and its evidence quote, verified there too. */
  partner?: { docId: string; evidenceStart: number; evidenceEnd: number };
}

/** Why items were rejected, each counted. */
export interface LlmRejections {
  malformed: number;
  spanNotInText: number;
  answerNotInEvidence: number;
  answerInQuestion: number;
  closedBook: number;
}

/** A rejection decided by the text alone (malformed and closed-book need the LLM). */
export type TextRejection = Exclude<keyof LlmRejections, 'malformed' | 'closedBook'>;

/** What one unit (a document or a pair) gave: its kept candidates and its rejections. */
export interface UnitResult {
  candidates: LlmCandidate[];
  rejected: LlmRejections;
}
