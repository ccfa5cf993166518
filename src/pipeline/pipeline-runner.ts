import { keyedVersion } from '../providers/component-parameter.js';
import pLimit from 'p-limit';
import type { Dataset, QaItem } from '../data/dataset-schema.js';
import { scoreQuestion, type QuestionScores } from '../metrics/score-question.js';
import { summarizeMetrics, type MetricsSummary } from '../metrics/summarize-metrics.js';
import { summarizeJudgements, type AnswerJudge, type Judgement } from '../providers/judges/answer-judge.js';
import { stopsTheRun } from '../llm/llm-error.js';
import type { Config } from '../space/parameter-schema.js';
import type { Chunk } from '../chunking/chunk.js';
import { contextViews } from './context-views.js';
import { CorpusArtifacts } from './corpus-artifacts.js';
import { ExecutionStats } from './execution-stats.js';
import type { PipelineComponents } from '../providers/pipeline-components.js';
import type { QuestionOutcome } from '../metrics/question-outcome.js';
import { readPipelineConfig, type PipelineConfig } from './pipeline-config.js';
import { runQuestion } from './question-pipeline.js';
import type { QuestionStage } from './question-stage.js';
import type { StageCache } from './stage-cache.js';
import { computeStageKeys, type StageKeys } from './stage-keys.js';
import { CORPUS_STAGE_NAMES, type StageName } from './stage-names.js';
import { QUESTION_STAGES } from './stages.js';
import { rerankCandidates } from './stages/rerank-stage.js';

export interface PipelineRun {
  config: Config;
  keys: StageKeys;
  /** The chunks `outcomes[].retrieved` indexes into (shared, do not mutate). */
  chunks: Chunk[];
  outcomes: QuestionOutcome[];
  scores: QuestionScores[];
  metrics: MetricsSummary;
  /** Questions whose pipeline failed (their outcome carries the error). */
  failures: number;
  /** Wall time of this call, warm or cold (unlike latency metrics, which replay recorded costs). */
  wallMs: number;
  /** Per-question judge results, in question order; only when the runner has a judge. */
  judgements?: Judgement[];
}

export interface RunProgress {
  done: number;
  total: number;
}

/**
 * Runs configurations over one dataset, sharing corpus artifacts (chunks, vectors, indexes) and
 * the stage cache between runs. One runner per dataset and cache; `stats` counts how many times
 * each stage really computed.
 */
export class PipelineRunner {
  readonly stats: ExecutionStats;
  private readonly artifacts: CorpusArtifacts;
  private readonly stages: readonly QuestionStage[];

  constructor(
    private readonly options: {
      dataset: Dataset;
      cache: StageCache;
      components: PipelineComponents;
      /** Overrides of stage versions; a bump invalidates that stage's cached outputs. */
      stageVersions?: Partial<Record<StageName, string>>;
      /** Questions processed at once (1 is right for CPU-bound local components). */
      concurrency?: number;
      /** Optional LLM judge run after scoring; its metrics (judge_*) join the summary. */
      judge?: AnswerJudge;
      /**
       * The per-question stages in order (default QUESTION_STAGES: retrieve, rerank, generate).
       * The list must end with a stage that sets the answer (generate).
       */
      stages?: readonly QuestionStage[];
    },
  ) {
    this.stages = options.stages ?? QUESTION_STAGES;
    const names = [...CORPUS_STAGE_NAMES, ...this.stages.map((s) => s.name)];
    // A stage's name is its cache table and its counter: two stages of one name would share them.
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined)
      throw new Error(`two pipeline stages are named "${repeated}": stage names must be distinct`);
    this.stats = new ExecutionStats(names);
    this.artifacts = new CorpusArtifacts({
      dataset: options.dataset,
      cache: options.cache,
      components: options.components,
      stats: this.stats,
    });
  }

  /** Cache keys of every stage for `config` (validated by readPipelineConfig) over this runner's dataset. */
  keysFor(config: Config): StageKeys {
    return this.keysOf(config, readPipelineConfig(config));
  }

  private keysOf(values: Config, config: PipelineConfig): StageKeys {
    const { components, dataset } = this.options;
    const retriever = components.retriever?.(config.retrieval) ?? null;
    const usesDense = config.retrieval === 'dense' || config.retrieval === 'hybrid';
    const vectorStore = usesDense ? (components.vectorStore?.(stringOrUndefined(values.vector_store)) ?? null) : null;
    const versions = {
      embedder: config.embedder === undefined ? undefined : keyedVersion(components.embedder(config.embedder), values),
      reranker: config.reranker === 'none' ? undefined : keyedVersion(components.reranker(config.reranker), values),
      generator: keyedVersion(components.generator(config.generator), values),
      prompt: config.prompt === undefined ? undefined : components.prompt(config.prompt).hash,
      retriever: retriever ? `${retriever.name}@${keyedVersion(retriever, values)}` : undefined,
      vectorStore: vectorStore ? `${vectorStore.name}@${keyedVersion(vectorStore, values)}` : undefined,
    };
    // Keys hash the configuration as given (not the typed view), so they stay those of earlier releases.
    return computeStageKeys({
      fingerprint: dataset.fingerprint,
      config: values,
      componentVersions: versions,
      stageVersions: this.options.stageVersions,
      rerankCandidates: rerankCandidates(config),
      stages: this.stages,
    });
  }

  /** Runs one (resolved, valid) configuration on `questions` (default: all of the dataset's). */
  async run(options: {
    config: Config;
    questions?: QaItem[];
    onProgress?: (progress: RunProgress) => void;
    signal?: AbortSignal;
  }): Promise<PipelineRun> {
    const started = performance.now();
    const config = readPipelineConfig(options.config);
    const questions = options.questions ?? this.options.dataset.questions;
    const keys = this.keysOf(options.config, config);
    const shared = {
      context: { config, values: options.config, keys, artifacts: this.artifacts, components: this.options.components },
      stages: this.stages,
      cache: this.options.cache,
      stats: this.stats,
    };
    // Chunks are needed for scoring anyway; loading them first also surfaces chunking errors once.
    const { chunks } = await this.artifacts.chunks(config, keys);
    const limit = pLimit(this.options.concurrency ?? 1);
    let done = 0;
    options.onProgress?.({ done, total: questions.length });
    const outcomes = await Promise.all(
      questions.map((item) =>
        limit(async () => {
          if (options.signal?.aborted) {
            // Stop starting questions; finished ones are already in the stage cache.
            limit.clearQueue();
            throw new RunAbortedError();
          }
          const outcome = await runQuestion(item, shared).catch((error: unknown) => {
            // The spend cap or a rejected key stops the run: queued questions would only hit it again.
            if (stopsTheRun(error)) limit.clearQueue();
            throw error;
          });
          // Local stages are synchronous work chained by promises, which never lets the event loop
          // run: without this turn, Ctrl-C handlers and progress-bar timers would starve.
          await new Promise<void>((resolve) => setImmediate(resolve));
          done += 1;
          options.onProgress?.({ done, total: questions.length });
          return outcome;
        }),
      ),
    );
    const scores = outcomes.map((outcome, i) => scoreOutcome(questions[i], outcome, chunks, config.top_k));
    const build = this.artifacts.buildCost(keys);
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
      indexBuildMs: build.latencyMs,
      indexBytes: this.artifacts.indexBytes(keys) ?? undefined,
      k: config.top_k,
    });
    const judgements = this.options.judge ? await this.judgeAll(questions, outcomes) : undefined;
    if (judgements) Object.assign(metrics, summarizeJudgements(judgements));
    return {
      config: options.config,
      keys,
      chunks,
      outcomes,
      scores,
      metrics,
      failures: outcomes.filter((o) => o.error).length,
      wallMs: performance.now() - started,
      judgements,
    };
  }

  /** Judges every outcome, as concurrently as the questions ran. */
  private async judgeAll(questions: QaItem[], outcomes: QuestionOutcome[]): Promise<Judgement[]> {
    const judge = this.options.judge!;
    const limit = pLimit(this.options.concurrency ?? 1);
    return Promise.all(questions.map((item, i) => limit(() => judge.judge({ item, outcome: outcomes[i] }))));
  }
}

/** Thrown by `run` when its signal is aborted (Ctrl-C): the run's results are incomplete. */
export class RunAbortedError extends Error {
  constructor() {
    super('run aborted');
    this.name = 'RunAbortedError';
  }
}

function scoreOutcome(item: QaItem, outcome: QuestionOutcome, chunks: Chunk[], k: number): QuestionScores {
  const seen = contextViews({ chunks, contextChunks: outcome.contextChunks, context: outcome.context });
  return scoreQuestion({
    item,
    retrieved: outcome.retrieved.map((i) => chunks[i]),
    seen,
    k,
    answer: outcome.answer,
    context: outcome.context,
    failed: outcome.error !== undefined,
  });
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
