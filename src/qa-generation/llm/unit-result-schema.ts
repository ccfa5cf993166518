import { z } from 'zod';
import type { UnitResult } from './llm-candidate.js';
import { LLM_QUESTION_TYPES } from './llm-question-reply.js';

const offset = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** A journal line's value for one LLM unit, checked on read-back (see GenerationJournal). */
export const UnitResultSchema: z.ZodType<UnitResult> = z.object({
  candidates: z.array(
    z.object({
      type: z.enum(LLM_QUESTION_TYPES),
      question: z.string(),
      answer: z.string(),
      docId: z.string(),
      evidenceStart: offset,
      evidenceEnd: offset,
      answerStart: offset,
      answerEnd: offset,
      partner: z.object({ docId: z.string(), evidenceStart: offset, evidenceEnd: offset }).optional(),
    }),
  ),
  rejected: z.object({
    malformed: count,
    spanNotInText: count,
    answerNotInEvidence: count,
    answerInQuestion: count,
    closedBook: count,
  }),
});
