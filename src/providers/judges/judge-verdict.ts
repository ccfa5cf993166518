import { z } from 'zod';

/**
 * The structured reply of every judge prompt: a reason, then one of three verdicts. There is no
 * separate score field, so verdict and score can never disagree (with both, a third of real
 * replies did); the score is derived with {@link verdictScore}. The reason comes first so a
 * constrained decoder writes the argument before the decision.
 */
export const JudgeVerdictSchema = z.object({
  reason: z.string().describe('One sentence'),
  verdict: z.enum(['correct', 'partially_correct', 'incorrect']),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

/** The score of a verdict: correct 1, partially_correct 0.5, incorrect 0. */
export function verdictScore(verdict: JudgeVerdict['verdict']): number {
  return verdict === 'correct' ? 1 : verdict === 'partially_correct' ? 0.5 : 0;
}
