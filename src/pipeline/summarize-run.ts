import pLimit from 'p-limit';
import type { QaItem } from '../data/dataset-schema.js';
import type { QuestionOutcome } from '../metrics/question-outcome.js';
import type { QuestionScores } from '../metrics/score-question.js';
import { summarizeMetrics, type MetricsSummary } from '../metrics/summarize-metrics.js';
import { summarizeJudgements, type AnswerJudge, type Judgement } from '../providers/judges/answer-judge.js';

/**
 * A run's metrics from its scored outcomes (see summarizeMetrics), and with a judge its verdicts
 * (judged as concurrently as the questions ran, in question order) and their judge_* metrics.
 * Both runners end a run here, so a user pipeline's summary has the built-in one's keys.
 */
export async function summarizeRun(options: {
  questions: readonly QaItem[];
  outcomes: readonly QuestionOutcome[];
  scores: readonly QuestionScores[];
  judge?: AnswerJudge;
  concurrency?: number;
  /** Corpus build cost and index size (the built-in pipeline only). */
  indexBuildMs?: number;
  indexBytes?: number;
  k?: number;
}): Promise<{ metrics: MetricsSummary; judgements?: Judgement[] }> {
  const { questions, outcomes, scores, judge } = options;
  const metrics = summarizeMetrics({
    perQuestion: outcomes.map((outcome, i) => ({
      scores: scores[i],
      latencyMs: outcome.latencyMs,
      stageLatencyMs: outcome.stageLatencyMs,
      usage: outcome.usage,
      retryWaitMs: outcome.retryWaitMs,
      failed: outcome.error !== undefined,
      contextChunks: outcome.contextChunks.length,
      rerank: outcome.rerank,
    })),
    indexBuildMs: options.indexBuildMs,
    indexBytes: options.indexBytes,
    k: options.k,
  });
  if (!judge) return { metrics };
  const limit = pLimit(options.concurrency ?? 1);
  const judgements = await Promise.all(
    questions.map((item, i) => limit(() => judge.judge({ item, outcome: outcomes[i] }))),
  );
  Object.assign(metrics, summarizeJudgements(judgements));
  return { metrics, judgements };
}
