import { resolve } from 'node:path';
import type { CacheHealth } from '../cache/cache-health.js';
import type { Dataset } from '../data/dataset-schema.js';
import type { DatasetWarning } from '../data/dataset-warning.js';
import { inspectDataset } from '../data/inspect-dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { sampleQuestions } from '../data/sample-questions.js';
import { optionRef, TuneRagError } from '../errors.js';
import { formatErrorGroups, groupErrors } from '../metrics/error-groups.js';
import { chooseQualityMetric, type QualityMetricChoice } from '../metrics/quality-metric.js';
import type { QuestionOutcome } from '../metrics/question-outcome.js';
import type { QuestionScores } from '../metrics/score-question.js';
import type { MetricsSummary } from '../metrics/summarize-metrics.js';
import type { RunProgress } from '../pipeline/configuration-runner.js';
import { createRunner } from '../pipeline/create-runner.js';
import type { UserPipelineInput } from '../pipeline/user/user-pipeline.js';
import { StageCache } from '../pipeline/stage-cache.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import type { AnswerJudge } from '../providers/judges/answer-judge.js';
import { loadConfigFile } from '../space/load-config-file.js';
import { loadSearchSpace } from '../space/load-space.js';
import type { Config } from '../space/parameter-schema.js';
import { resolveConfig } from '../space/validate-config.js';
import { openWorkspace } from '../workspace/workspace.js';
import { checkTuneNumbers } from './check-tune-numbers.js';
import { spaceChunkReference } from './space-chunk-reference.js';
import { setUpUserPipeline } from './user-pipeline-setup.js';

/** Options of `runConfiguration`. */
export interface RunConfigurationOptions {
  /** A dataset from `loadDataset`, or a bundled name / path read relative to `cwd`. */
  dataset: Dataset | string;
  /** A folder dataset's document files (PDF, DOCX, ...) above this many MB are refused (default 50). */
  maxDocumentMb?: number;
  cwd?: string;
  /** The configuration: values over the baseline (`{ 'chunk.size': 256 }`), or a configuration file such as best.json (default: the baseline). */
  config?: Config | string;
  /** Evaluate a seeded sample of this many questions (default: all). */
  questions?: number;
  /** Seed of the question sample (default 0). */
  seed?: number;
  /** Questions processed at once (default 1). */
  concurrency?: number;
  components?: ComponentRegistry;
  /**
   * Runs your own pipeline instead of the built-in one (see `TuneOptions.pipeline`); `config` is
   * then checked against the parameters it declares, and defaults to its baseline.
   */
  pipeline?: UserPipelineInput;
  /** Adds judge_* metrics: a judge, or the name it was registered under in `components`. */
  judge?: AnswerJudge | string;
  cacheDir?: string;
  /** Counts the stage cache's corrupt reads and failed writes (see CacheHealth); default a fresh one. */
  cacheHealth?: CacheHealth;
  onProgress?(progress: RunProgress): void;
  /** Aborting stops starting questions; the run then rejects with RunAbortedError (answers so far stay cached). */
  signal?: AbortSignal;
}

/** One configuration's results on a dataset: what `tune-rag run` prints. */
export interface ConfigurationRun {
  /** The full configuration run (active parameters only). */
  config: Config;
  /** Keys given that do not matter for this configuration, dropped. */
  ignored: string[];
  metrics: MetricsSummary;
  /** Per question, in the order run: answer, retrieved chunks, timings, usage, error. */
  outcomes: QuestionOutcome[];
  scores: QuestionScores[];
  /** Questions whose pipeline failed (scored 0 where a metric applies; their outcomes carry the error). */
  failures: number;
  wallMs: number;
  /** How many times each stage really computed (0: served by the stage cache). */
  stageExecutions: Record<string, number>;
  /**
   * What the run cost the machine: the process's peak resident memory so far (bytes; the process
   * peak, so a library caller's earlier work counts too) and the bytes it wrote to the stage cache.
   */
  resources: { peakRssBytes: number; cacheBytesWritten: number };
  /** The metric `tune` would optimise as quality on this dataset, and why (null without reference answers). */
  quality: QualityMetricChoice | null;
  datasetWarnings: DatasetWarning[];
}

/**
 * Runs one configuration over a dataset (or a seeded sample of its questions) and scores it,
 * using and filling the stage cache.
 *
 * @throws TuneRagError naming the `config` key that is unknown or out of range.
 */
export async function runConfiguration(options: RunConfigurationOptions): Promise<ConfigurationRun> {
  const cwd = options.cwd ?? process.cwd();
  const { seed, concurrency } = checkTuneNumbers({
    seed: options.seed,
    concurrency: options.concurrency,
    questions: options.questions,
  });
  const opened = openWorkspace({ cwd, cacheDir: options.cacheDir, components: options.components });
  const user = options.pipeline
    ? setUpUserPipeline({ pipeline: options.pipeline, workspace: opened, cwd, needsSpace: false })
    : undefined;
  const workspace = user?.workspace ?? opened;
  const { config, ignored } =
    typeof options.config === 'string'
      ? loadConfigFile({ path: resolve(cwd, options.config), space: workspace.catalogue, defaults: workspace.defaults })
      : resolveConfig({
          config: { ...workspace.baseline, ...options.config },
          space: workspace.catalogue,
          defaults: workspace.defaults,
          source: optionRef('config'),
        });
  const dataset =
    typeof options.dataset === 'string'
      ? await loadDataset({ spec: options.dataset, cwd, maxDocumentMb: options.maxDocumentMb })
      : options.dataset;
  const questions =
    options.questions === undefined
      ? dataset.questions
      : sampleQuestions({ questions: dataset.questions, n: options.questions, seed });
  const space =
    user?.space ??
    loadSearchSpace({ path: workspace.defaultSpacePath, catalogue: workspace.catalogue, fixed: workspace.defaults });
  const judge = typeof options.judge === 'string' ? workspace.components.judge(options.judge) : options.judge;
  const cache = new StageCache({ dir: workspace.cacheDir, health: options.cacheHealth });
  try {
    const runner = createRunner({
      dataset,
      cache,
      components: workspace.components,
      pipeline: user?.pipeline,
      concurrency,
      judge,
    });
    const run = await runner.run({ config, questions, signal: options.signal, onProgress: options.onProgress });
    // A user pipeline that failed on every question measured nothing: no metrics to return.
    if (user && run.failures > 0 && run.failures === run.outcomes.length)
      throw new TuneRagError(
        'pipeline',
        `pipeline "${user.pipeline.name}" failed on every question (${run.failures} of ${run.failures}): ${formatErrorGroups(groupErrors(run.outcomes.map((o) => o.error)), { maxChars: 240 })}`,
        { hint: 'Fix the error above in your pipeline and run again; failed questions are never cached.' },
      );
    return {
      config,
      ignored,
      metrics: run.metrics,
      outcomes: run.outcomes,
      scores: run.scores,
      failures: run.failures,
      wallMs: run.wallMs,
      stageExecutions: { ...runner.stats.executions },
      resources: { peakRssBytes: process.resourceUsage().maxRSS * 1024, cacheBytesWritten: cache.bytesWritten },
      quality: dataset.hasAnswers ? chooseQualityMetric({ questions: dataset.questions }) : null,
      datasetWarnings: inspectDataset({ dataset, chunk: spaceChunkReference(space) }).warnings,
    };
  } finally {
    cache.close();
  }
}
