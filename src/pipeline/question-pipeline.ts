import type { QaItem } from '../data/dataset-schema.js';
import { stopsTheRun, usageOfFailure } from '../llm/llm-error.js';
import { addUsage, ZERO_USAGE, type Usage } from '../accounting/usage.js';
import type { QuestionOutcome } from '../metrics/question-outcome.js';
import { cachedStep } from './cached-step.js';
import type { ExecutionStats } from './execution-stats.js';
import type { QuestionStage, QuestionState, StageContext } from './question-stage.js';
import type { StageCache } from './stage-cache.js';

export interface QuestionPipelineOptions {
  context: StageContext;
  /** The per-question stages, in order. */
  stages: readonly QuestionStage[];
  cache: StageCache;
  stats: ExecutionStats;
}

/**
 * Runs the per-question stages for one question in order, each served from the stage cache when
 * its key was computed before. A failure becomes an outcome with `error` (and is not cached),
 * never an exception that stops the other questions; it keeps the usage spent up to and including
 * the failed call (the error of an LLM adapter carries it), so its cost counts.
 */
export async function runQuestion(item: QaItem, options: QuestionPipelineOptions): Promise<QuestionOutcome> {
  const { context } = options;
  // A stage whose switch is off is not part of this configuration's pipeline at all (no key, no latency entry).
  const stages = options.stages.filter((stage) => !stage.passesThrough?.(context.values));
  let spent: Usage = ZERO_USAGE;
  let retryWaitMs = 0;
  const stageLatencyMs: Record<string, number> = Object.fromEntries(stages.map((s) => [s.name, 0]));
  let state: QuestionState = { item, query: item.question, ranked: [] };
  // Set once a stage recovered from a failure: later stages saw another input than their keys say.
  let degraded = false;
  try {
    for (const stage of stages) {
      if (stage.appliesTo && !stage.appliesTo(context.config)) continue;
      const started = performance.now();
      try {
        const before = state;
        const result = await cachedStep({
          cache: options.cache,
          stats: options.stats,
          stage: stage.name,
          stageKey: context.keys.perQuestion[stage.name],
          questionId: item.id,
          compute: (prepared) => stage.run(before, context, prepared),
          prepare: () => (stage.prepare ? stage.prepare(context) : Promise.resolve(undefined)),
          store: !degraded,
          priceUsage: stage.priceUsage?.(context),
        });
        spent = addUsage(spent, result.cost.usage);
        retryWaitMs += result.cost.retryWaitMs ?? 0;
        stageLatencyMs[stage.name] = result.cost.latencyMs;
        state = stage.apply(state, result.value);
      } catch (error) {
        const recovered = stage.recover?.(error, state);
        if (!recovered) throw error;
        // What the failed stage spent still counts; its time is time lost to failed calls, not latency.
        spent = addUsage(spent, usageOfFailure(error));
        retryWaitMs += performance.now() - started;
        state = recovered;
        degraded = true;
      }
    }
    return outcomeOf(state, { topK: context.config.top_k, spent, retryWaitMs, stageLatencyMs });
  } catch (error) {
    // Reaching the spend cap or a rejected key is not this question's failure: it must stop the whole run.
    if (stopsTheRun(error)) throw error;
    return {
      questionId: item.id,
      retrieved: [],
      contextChunks: [],
      context: '',
      answer: null,
      latencyMs: 0,
      stageLatencyMs: Object.fromEntries(stages.map((s) => [s.name, 0])),
      retryWaitMs,
      usage: addUsage(spent, usageOfFailure(error)),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The outcome of a question that went through every stage. */
function outcomeOf(
  state: QuestionState,
  totals: { topK: number; spent: Usage; retryWaitMs: number; stageLatencyMs: Record<string, number> },
): QuestionOutcome {
  const { generated } = state;
  if (!generated) throw new Error('the per-question stages ended without an answer: the list needs a generate stage');
  return {
    questionId: state.item.id,
    retrieved: state.ranked.slice(0, totals.topK).map((s) => s.chunkIndex),
    contextChunks: generated.contextChunks,
    context: generated.context,
    ...(generated.seen ? { seen: generated.seen } : {}),
    answer: generated.answer,
    latencyMs: Object.values(totals.stageLatencyMs).reduce((sum, ms) => sum + ms, 0),
    stageLatencyMs: totals.stageLatencyMs,
    retryWaitMs: totals.retryWaitMs,
    usage: totals.spent,
    ...(state.rerank ? { rerank: state.rerank } : {}),
  };
}
