import type { QuestionResult } from '../store/trial.js';

/** Where a wrong answer went wrong, in pipeline order. */
export type FailureStage = 'not retrieved' | 'cut from the context' | 'answered wrong' | 'refused' | 'failed';

/** Display order and label of each stage in the agent's failure analysis. */
export const FAILURE_STAGES: readonly { stage: FailureStage; label: string }[] = [
  { stage: 'not retrieved', label: 'evidence not retrieved' },
  { stage: 'cut from the context', label: 'retrieved but cut from the context' },
  { stage: 'answered wrong', label: 'in context but answered wrong' },
  { stage: 'refused', label: 'refused' },
  { stage: 'failed', label: 'failed with an error' },
];

/** An answer that declines instead of answering ("I don't know", "not enough information", ...). */
const ABSTENTION =
  /^\s*(i\s+(do\s+not|don't|cannot|can't)\s+(know|answer|find|tell)|unknown\.?$|no answer|(there is\s+)?(not|insufficient)\s+(enough\s+)?information|the (context|passages?) (does|do) not)/i;

/**
 * The stage at which one question's answer went wrong, or null when it did not (F1 ≥ 0.5) or
 * cannot be judged (no reference answer). Order matters: an error is `failed` (or `refused` when
 * the model declined); then the evidence: no gold unit in the top k is `not retrieved`; gold in
 * the top k that did not all reach the generator's context (hit_at_context below hit_rate) is
 * `cut from the context`; an answer that declines is `refused`; anything else is `answered wrong`.
 * Results stored before context metrics existed (hit_at_context null) are never `cut`.
 */
export function failureStage(result: QuestionResult): FailureStage | null {
  if (result.error !== undefined) return /refused|refusal/i.test(result.error) ? 'refused' : 'failed';
  const { f1, hit_rate: hit, hit_at_context: inContext } = result.scores;
  if (f1 === null || f1 >= 0.5) return null;
  if (hit === 0) return 'not retrieved';
  if (hit !== null && inContext !== null && inContext < hit) return 'cut from the context';
  if (!result.answer?.trim() || ABSTENTION.test(result.answer)) return 'refused';
  return 'answered wrong';
}

/**
 * One line for the agent's failure analysis: how many of the questions fell at each stage, e.g.
 * `- by stage, of 40 questions: evidence not retrieved 5 · retrieved but cut from the context 2 · ...`.
 */
export function describeFailureStages(options: { results: readonly QuestionResult[] }): string {
  const counts = new Map<FailureStage, number>();
  for (const result of options.results) {
    const stage = failureStage(result);
    if (stage) counts.set(stage, (counts.get(stage) ?? 0) + 1);
  }
  const parts = FAILURE_STAGES.map(({ stage, label }) => `${label} ${counts.get(stage) ?? 0}`);
  return `- wrong answers by stage, of ${options.results.length} questions: ${parts.join(' · ')}`;
}
