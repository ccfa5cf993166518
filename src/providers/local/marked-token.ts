import type { QuestionAnalysis } from './question-analysis.js';
import { isStopword, stem, tokenizeWithOffsets } from '../../text/text-analysis.js';

/** Token of a sentence, marked when it is a question word (its stem is a question term, or it occurs in the question). */
export interface MarkedToken {
  token: string;
  start: number;
  end: number;
  isQuestionWord: boolean;
}

/**
 * Tokens of `text` with question words marked; shared by span ranking and noun-phrase runs. Its own
 * file so that span-extraction and noun-phrase-span both import it without importing each other.
 */
export function markTokens(text: string, question: QuestionAnalysis): MarkedToken[] {
  const questionTerms = new Set(question.terms);
  return tokenizeWithOffsets(text).map((t) => ({
    ...t,
    isQuestionWord: question.tokens.has(t.token) || (!isStopword(t.token) && questionTerms.has(stem(t.token))),
  }));
}
