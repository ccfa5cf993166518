import type { Chunk } from '../../chunking/chunk.js';
import type { Dataset, QaItem } from '../../data/dataset-schema.js';
import { stableHash } from '../../json/canonical-json.js';
import { stopsTheRun, usageOfFailure } from '../../llm/llm-error.js';
import type { QuestionOutcome } from '../../metrics/question-outcome.js';
import { scoreQuestion } from '../../metrics/score-question.js';
import type { AnswerJudge } from '../../providers/judges/answer-judge.js';
import type { Config } from '../../space/parameter-schema.js';
import { cachedStep } from '../cached-step.js';
import { componentVersionsOf } from '../component-versions.js';
import {
  RunAbortedError,
  type ConfigurationRunner,
  type RunRequest,
  type RunResults,
} from '../configuration-runner.js';
import { CONTEXT_SEPARATOR } from '../context-packing.js';
import { forEachQuestion } from '../for-each-question.js';
import { ExecutionStats } from '../execution-stats.js';
import { summarizeRun } from '../summarize-run.js';
import type { CostRecord, StageCache } from '../stage-cache.js';
import { callPipeline } from './call-pipeline.js';
import { ContextPlacer } from './place-contexts.js';
import type { UserPipeline } from './user-pipeline.js';
import { readPipelineOutput, ReturnedOutputSchema, type ReturnedOutput } from './user-pipeline-output.js';

/** The stage name of a user pipeline's calls: its cache table, its counter and its latency key. */
export const USER_PIPELINE_STAGE = 'pipeline';

/** Bump when the layout of the cached per-question value changes: every key changes with it. */
const USER_CACHE_FORMAT = 'tune-rag-user-pipeline/1';

/** One question's raw result: what the pipeline returned (or why it failed) and what it cost. */
interface Answered {
  output: ReturnedOutput | null;
  cost: CostRecord;
  error?: string;
}

/**
 * Runs a user pipeline (see `toUserPipeline`) as a black box: each question's call is cached in
 * the stage cache by (pipeline name and version, configuration, question text), so a second run
 * calls it 0 times; errors are never cached. An unversioned pipeline is cached only in memory
 * for this runner's life. Latency is the wall time around the call, recorded when it was first
 * made; cost is what the pipeline reports. The returned contexts are placed in the dataset's
 * corpus (see ContextPlacer) and scored with the same metrics as the built-in pipeline: the
 * `_at_k` and `_at_context` metrics both judge every returned context, in order.
 *
 * A call that throws, times out or returns an invalid result is a failed question (counted,
 * scored 0 where metrics apply), never an exception of the run.
 */
export class UserPipelineRunner implements ConfigurationRunner {
  readonly stats = new ExecutionStats([USER_PIPELINE_STAGE]);
  private readonly placer: ContextPlacer;
  private readonly memory = new Map<string, { value: ReturnedOutput; cost: CostRecord }>();

  constructor(
    private readonly options: {
      dataset: Dataset;
      cache: StageCache;
      pipeline: UserPipeline;
      /** Questions answered at once (default 1). */
      concurrency?: number;
      judge?: AnswerJudge;
    },
  ) {
    this.placer = new ContextPlacer(options.dataset);
  }

  /** The pipeline's name and declared version (`unversioned` without one). */
  componentVersions(config: Config): Record<string, string> {
    return componentVersionsOf({ config, pipeline: this.options.pipeline });
  }

  async run(request: RunRequest): Promise<RunResults> {
    const started = performance.now();
    const { config, signal } = request;
    const questions = request.questions ?? this.options.dataset.questions;
    const { pipeline } = this.options;
    const stageKey = stableHash(
      { format: USER_CACHE_FORMAT, pipeline: pipeline.name, version: pipeline.version, config },
      32,
    );
    const answered = await forEachQuestion({
      questions,
      concurrency: this.options.concurrency,
      signal,
      onProgress: request.onProgress,
      answer: (item) => this.answer({ item, config, stageKey, signal }),
    });
    return this.score({ config, questions, answered, started });
  }

  private async answer(options: {
    item: QaItem;
    config: Config;
    stageKey: string;
    signal?: AbortSignal;
  }): Promise<Answered> {
    const { item, config, stageKey, signal } = options;
    const { pipeline, cache } = this.options;
    const remembered = pipeline.version === null ? this.memory.get(`${stageKey}\0${item.question}`) : undefined;
    if (remembered) {
      this.stats.hit(USER_PIPELINE_STAGE);
      return { output: remembered.value, cost: remembered.cost };
    }
    try {
      const result = await cachedStep<ReturnedOutput, undefined>({
        cache,
        stats: this.stats,
        stage: USER_PIPELINE_STAGE,
        stageKey,
        // The pipeline sees only the question's text, so that (not the dataset's id) keys its answer.
        questionId: item.question,
        prepare: async () => undefined,
        compute: async () => {
          const value = await callPipeline({ pipeline, input: { question: item.question, config }, signal });
          const { output, usage } = readPipelineOutput({ value, pipeline: pipeline.name });
          return { value: output, usage };
        },
        store: pipeline.version !== null,
        accept: (value) => ReturnedOutputSchema.safeParse(value).success,
      });
      if (pipeline.version === null) this.memory.set(`${stageKey}\0${item.question}`, result);
      return { output: result.value, cost: result.cost };
    } catch (error) {
      if (stopsTheRun(error)) throw error;
      // A pipeline that stops because the run was aborted did not fail this question.
      if (signal?.aborted) throw new RunAbortedError();
      return {
        output: null,
        cost: { latencyMs: 0, usage: usageOfFailure(error), retryWaitMs: 0 },
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private async score(options: {
    config: Config;
    questions: readonly QaItem[];
    answered: readonly Answered[];
    started: number;
  }): Promise<RunResults> {
    const { questions, answered } = options;
    const chunks: Chunk[] = [];
    const outcomes: QuestionOutcome[] = answered.map((result, i) => {
      const item = questions[i];
      const placed = this.placer.place({ item, contexts: result.output?.contexts ?? [], firstIndex: chunks.length });
      chunks.push(...placed);
      const indices = placed.map((chunk) => chunk.index);
      return {
        questionId: item.id,
        retrieved: indices,
        contextChunks: indices,
        context: placed.map((chunk) => chunk.text).join(CONTEXT_SEPARATOR),
        answer: result.output?.answer ?? null,
        latencyMs: result.cost.latencyMs,
        stageLatencyMs: { [USER_PIPELINE_STAGE]: result.cost.latencyMs },
        retryWaitMs: 0,
        usage: result.cost.usage,
        ...(result.error === undefined ? {} : { error: result.error }),
      };
    });
    const scores = outcomes.map((outcome, i) => {
      const retrieved = outcome.retrieved.map((index) => chunks[index]);
      return scoreQuestion({
        item: questions[i],
        retrieved,
        seen: retrieved,
        k: retrieved.length,
        answer: outcome.answer,
        context: outcome.context,
        failed: outcome.error !== undefined,
      });
    });
    const { metrics, judgements } = await summarizeRun({
      questions,
      outcomes,
      scores,
      judge: this.options.judge,
      concurrency: this.options.concurrency,
    });
    return {
      config: options.config,
      chunks,
      outcomes,
      scores,
      metrics,
      failures: outcomes.filter((o) => o.error).length,
      wallMs: performance.now() - options.started,
      judgements,
    };
  }
}
