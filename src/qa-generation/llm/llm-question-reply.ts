import { z } from 'zod';

/** Question types the LLM generator asks for. `unanswerable` items test abstention: no answer, no span. */
export const LLM_QUESTION_TYPES = ['factoid', 'numeric', 'how-to', 'unanswerable'] as const;
export type LlmQuestionType = (typeof LLM_QUESTION_TYPES)[number];

/**
 * The structured reply the LLM generator asks for: per item a question, its short answer (''
 * for unanswerable) and `evidence`, a verbatim quote of the document that contains the answer.
 * The quote is located in the text and its offsets checked there, never trusted.
 */
export const LlmQuestionReplySchema = z.object({
  items: z.array(
    z.object({
      type: z.enum(LLM_QUESTION_TYPES),
      question: z.string().min(1),
      answer: z.string(),
      evidence: z.string(),
    }),
  ),
});
export type LlmQuestionReply = z.infer<typeof LlmQuestionReplySchema>;
