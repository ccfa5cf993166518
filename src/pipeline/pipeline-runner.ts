import { keyedVersion } from '../providers/component-parameter.js';
import type { Dataset, QaItem } from '../data/dataset-schema.js';
import { scoreQuestion, type QuestionScores } from '../metrics/score-question.js';
import type { AnswerJudge } from '../providers/judges/answer-judge.js';
import type { Config } from '../space/parameter-schema.js';
import type { Chunk } from '../chunking/chunk.js';
import type { ConfigurationRunner, RunRequest, RunResults } from './configuration-runner.js';
import { forEachQuestion } from './for-each-question.js';
import { summarizeRun } from './summarize-run.js';
import { componentVersionsOf, rewriterVersion } from './component-versions.js';
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
import { registeredArtifactKeys } from './stages/registered-retrieval.js';
import { chooseDenseSearch, type DenseSearchKind } from '../retrieval/dense-search-choice.js';
import { HNSW } from './stages/index-stages.js';

/** Questions whose HNSW results are compared with exact search for a trial's ann_recall. */
const ANN_RECALL_SAMPLE = 100;

/** The built-in pipeline's results: a run's results plus the cache keys of every stage. */
export interface PipelineRun extends RunResults {
  keys: StageKeys;
}

export { RunAbortedError, type RunProgress } from './configuration-runner.js';

/**
 * Runs configurations over one dataset, sharing corpus artifacts (chunks, vectors, indexes) and
 * the stage cache between runs. One runner per dataset and cache; `stats` counts how many times
 * each stage really computed.
 */
export class PipelineRunner implements ConfigurationRunner {
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
       * How dense vectors are searched: 'auto' (default) lets {@link chooseDenseSearch} weigh an
       * exact scan against building an HNSW graph for the run's number of questions.
       */
      denseSearch?: 'auto' | DenseSearchKind;
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
    // A switchable stage (query rewrite, context shaping) is counted once it first runs, so the
    // counters of configurations that never switch it on read as they did before it existed.
    const switchable = new Set(this.stages.filter((s) => s.passesThrough).map((s) => s.name));
    this.stats = new ExecutionStats(names.filter((name) => !switchable.has(name)));
    this.artifacts = new CorpusArtifacts({
      dataset: options.dataset,
      cache: options.cache,
      components: options.components,
      stats: this.stats,
    });
  }

  /** Cache keys of every stage for `config` (validated by readPipelineConfig) over this runner's dataset. */
  keysFor(config: Config, questions = this.options.dataset.questions.length): StageKeys {
    return this.keysOf(config, readPipelineConfig(config), questions);
  }

  private keysOf(values: Config, config: PipelineConfig, questions: number): StageKeys {
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
      rewriter: rewriterVersion(components, config['query.rewrite']),
    };
    // Keys hash the configuration as given (not the typed view), so they stay those of earlier releases.
    return computeStageKeys({
      fingerprint: dataset.fingerprint,
      config: values,
      componentVersions: versions,
      stageVersions: this.options.stageVersions,
      rerankCandidates: rerankCandidates(config),
      stages: this.stages,
      denseSearch: this.denseSearchFor(questions, vectorStore !== null),
    });
  }

  /**
   * Exact or HNSW for a run of `questions` questions. A registered vector store searches itself,
   * so the built-in graph would only be built to sit unused: the vectors are scanned instead. The
   * chunk count is not known before chunking; the document count (≤ chunks) stands in for it.
   */
  private denseSearchFor(questions: number, registeredStore: boolean): DenseSearchKind {
    const forced = this.options.denseSearch ?? 'auto';
    if (forced !== 'auto') return forced;
    if (registeredStore) return 'exact';
    const { efConstruction, efSearch } = HNSW;
    return chooseDenseSearch({
      queries: questions,
      chunks: this.options.dataset.docs.length,
      efConstruction,
      efSearch,
    });
  }

  /**
   * Runs one (resolved, valid) configuration on `questions` (default: all of the dataset's). The
   * corpus artifacts it uses stay in memory until it ends (see ArtifactMemo.begin).
   */
  async run(options: RunRequest): Promise<PipelineRun> {
    const unpin = this.artifacts.pinWhileRunning();
    try {
      return await this.runPinned(options);
    } finally {
      unpin();
    }
  }

  private async runPinned(options: RunRequest): Promise<PipelineRun> {
    const started = performance.now();
    const config = readPipelineConfig(options.config);
    const questions = options.questions ?? this.options.dataset.questions;
    const keys = this.keysOf(options.config, config, questions.length);
    const shared = {
      context: { config, values: options.config, keys, artifacts: this.artifacts, components: this.options.components },
      stages: this.stages,
      cache: this.options.cache,
      stats: this.stats,
    };
    // Chunks are needed for scoring anyway; loading them first also surfaces chunking errors once.
    const { chunks } = await this.artifacts.chunks(config, keys);
    const outcomes = await forEachQuestion({
      questions,
      concurrency: this.options.concurrency,
      signal: options.signal,
      onProgress: options.onProgress,
      answer: (item) => runQuestion(item, shared),
    });
    const scores = outcomes.map((outcome, i) => scoreOutcome(questions[i], outcome, chunks, config.top_k));
    const build = this.artifacts.buildCost(keys, registeredArtifactKeys(shared.context));
    const { metrics, judgements } = await summarizeRun({
      questions,
      outcomes,
      scores,
      judge: this.options.judge,
      concurrency: this.options.concurrency,
      indexBuildMs: build.latencyMs,
      indexBytes: this.artifacts.indexBytes(keys) ?? undefined,
      k: config.top_k,
    });
    Object.assign(metrics, await this.denseSearchMetrics(options.config, config, keys, questions));
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

  /**
   * `dense_search_exact` (1 exact scan, 0 HNSW) and, with HNSW, `ann_recall`: its recall vs
   * exact search at top_k on the first questions of the run. Neither without dense retrieval.
   */
  private async denseSearchMetrics(
    values: Config,
    config: PipelineConfig,
    keys: StageKeys,
    questions: readonly QaItem[],
  ): Promise<Record<string, number | null>> {
    if (keys.denseSearch === null) return {};
    if (keys.denseSearch === 'exact') return { dense_search_exact: 1 };
    const sample = questions.slice(0, ANN_RECALL_SAMPLE).map((q) => q.question);
    // A dense index that failed to build failed the run's questions already (counted there): no figure.
    const annRecall = await this.artifacts
      .annRecall({ config, keys, values, queries: sample, k: config.top_k })
      .catch(() => null);
    return { dense_search_exact: 0, ann_recall: annRecall };
  }

  /** The embedder, reranker, generator and prompt `config` names, with their versions (prompt: its hash). */
  componentVersions(config: Config): Record<string, string> {
    return componentVersionsOf({ config, components: this.options.components });
  }
}

function scoreOutcome(item: QaItem, outcome: QuestionOutcome, chunks: Chunk[], k: number): QuestionScores {
  const seen = outcome.seen ?? contextViews({ chunks, contextChunks: outcome.contextChunks, context: outcome.context });
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
