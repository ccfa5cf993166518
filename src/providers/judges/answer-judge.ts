import type { QaItem } from '../../data/dataset-schema.js';
import type { QuestionOutcome } from '../../metrics/question-outcome.js';
import { addUsage, ZERO_USAGE, type Usage } from '../../accounting/usage.js';

/** What a judge concluded about one question's answer. Scores are null when not judged. */
export interface Judgement {
  questionId: string;
  /** Agreement with the reference answers, 0..1; null without references or when judging failed. */
  correctness: number | null;
  /** Support by the retrieved context, 0..1; null without an answer or when judging failed. */
  faithfulness: number | null;
  /** Judge calls' usage, kept apart from the pipeline's so judge cost never counts as query cost. */
  usage: Usage;
  /** Why a score is missing (e.g. a verdict still malformed after repair). */
  errors: string[];
}

/**
 * Scores answers after the pipeline ran (an optional step of PipelineRunner). Implementations
 * may throw only SpendCapReachedError; any other failure is reported in `Judgement.errors`.
 */
export interface AnswerJudge {
  judge(options: { item: QaItem; outcome: QuestionOutcome }): Promise<Judgement>;
}

/** Judge metrics added to a run's summary (null = nothing judged / cost unknown). */
export interface JudgeSummary {
  judge_correctness: number | null;
  judge_faithfulness: number | null;
  judge_cost_usd_per_query: number | null;
  judge_tokens_per_query: number | null;
  judge_failures: number;
}

/** Means over the judged questions; cost is null when any judge call's price is unknown. */
export function summarizeJudgements(judgements: readonly Judgement[]): JudgeSummary {
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
  const total = judgements.reduce((sum, j) => addUsage(sum, j.usage), ZERO_USAGE as Usage);
  const n = judgements.length;
  return {
    judge_correctness: mean(present(judgements.map((j) => j.correctness))),
    judge_faithfulness: mean(present(judgements.map((j) => j.faithfulness))),
    judge_cost_usd_per_query: n === 0 || total.costUsd === null ? null : total.costUsd / n,
    judge_tokens_per_query: n === 0 ? null : (total.promptTokens + total.completionTokens) / n,
    judge_failures: judgements.filter((j) => j.errors.length > 0).length,
  };
}
