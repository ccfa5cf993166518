import { z } from 'zod';

/** Question types asked of one document at a time. `unanswerable` items test abstention: no answer, no span. */
export const SINGLE_DOCUMENT_TYPES = ['factoid', 'numeric', 'how-to', 'unanswerable'] as const;

/** Question types the LLM generator asks for: the single-document ones, and `two-document` (asked of a related pair). */
export const LLM_QUESTION_TYPES = [...SINGLE_DOCUMENT_TYPES, 'two-document'] as const;
export type LlmQuestionType = (typeof LLM_QUESTION_TYPES)[number];

/**
 * The structured reply the LLM generator asks for about one document: per item a question, its
 * short answer ('' for unanswerable) and `evidence`, a verbatim quote of the document that
 * contains the answer. The quote is located in the text and its offsets checked there, never trusted.
 */
export const LlmQuestionReplySchema = z.object({
  items: z.array(
    z.object({
      type: z.enum(SINGLE_DOCUMENT_TYPES),
      question: z.string().min(1),
      answer: z.string(),
      evidence: z.string(),
    }),
  ),
});
export type LlmQuestionReply = z.infer<typeof LlmQuestionReplySchema>;

/**
 * The reply about a pair of related documents: per item a question that needs both, its short
 * answer, and one verbatim quote from each document (`evidence_first` from the first,
 * `evidence_second` from the second); the answer is copied from one of the two quotes.
 */
export const TwoDocumentReplySchema = z.object({
  items: z.array(
    z.object({
      question: z.string().min(1),
      answer: z.string(),
      evidence_first: z.string(),
      evidence_second: z.string(),
    }),
  ),
});
export type TwoDocumentReply = z.infer<typeof TwoDocumentReplySchema>;
