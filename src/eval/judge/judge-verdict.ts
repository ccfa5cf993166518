import { z } from 'zod';

/** The structured reply of every judge prompt. */
export const JudgeVerdictSchema = z.object({
  verdict: z.enum(['correct', 'partially_correct', 'incorrect']),
  score: z.number().min(0).max(1).describe('1 = fully correct / supported, 0 = not at all'),
  reason: z.string().describe('One sentence'),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;
