import { componentCallsJson } from './component-call-lines.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import { CONFIG_FILE_HELP, setUpComponents } from './project-file.js';
import { setUpUserPipeline } from '../api/user-pipeline-setup.js';
import type { UserPipelineInput } from '../pipeline/user/user-pipeline.js';
import type { Command } from 'commander';
import { formatBytes } from '../cache/cache-write-error.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDataset } from '../data/load-dataset.js';
import { addMaxDocumentMbOption } from './max-document-mb-option.js';
import { TuneRagError } from '../errors.js';
import { formatErrorGroups, groupErrors } from '../metrics/error-groups.js';
import { sampleQuestions } from '../data/sample-questions.js';
import { packageVersion } from '../package-root.js';
import { RunAbortedError } from '../pipeline/pipeline-runner.js';
import { runConfiguration } from '../api/run-configuration.js';
import { chooseQualityMetric } from '../metrics/quality-metric.js';
import { scoreTrivialAnswers, trivialAnswerWarning } from '../metrics/trivial-answers.js';
import { formatTrivialAnswers } from '../report/format-trivial-answers.js';
import { formatMetricsTable } from '../report/metrics-table.js';
import { openWorkspace } from '../workspace/workspace.js';
import { everyLlmCallFailed, llmTotalFailure } from './total-failure.js';
import { checkWritableFile } from './output-paths.js';
import { LLM_STATUS_INTERVAL_MS, llmProgressStatus } from './llm-progress-status.js';
import { cliCacheHealth, printCacheHealth } from './cache-health-lines.js';
import type { CacheHealth } from '../cache/cache-health.js';
import {
  formatLlmLine,
  LLM_TIMEOUT_HELP,
  llmStats,
  positiveUsd,
  llmStop,
  timeoutSeconds,
  type LlmRun,
} from './llm-options.js';
import { collectAssignment, nonNegativeInt, positiveInt } from './option-parsers.js';
import { createProgressReporter, formatSeconds } from './progress-bar.js';
import { listenForStop, type StopListener } from './stop-signals.js';
import { resolveRunConfig } from './resolve-run-config.js';
import type { CliIo } from './cli-io.js';
import { inspectDataset } from '../data/inspect-dataset.js';
import { loadSearchSpace } from '../space/load-space.js';
import { printDatasetWarnings } from './dataset-warning-lines.js';
import { spaceChunkReference } from '../api/space-chunk-reference.js';

interface RunFlags {
  dataset: string;
  maxDocumentMb?: number;
  config?: string;
  set?: string[];
  questions?: number;
  seed: number;
  json?: string;
  cacheDir?: string;
  concurrency: number;
  llm?: string;
  llmEmbed?: string;
  maxCost?: number;
  prices?: string;
  llmTimeout?: number;
  judge?: boolean;
  /** --judge-with NAME: a judge the project file registered (a LangChain.js chat model). */
  judgeWith?: string;
  configFile?: string;
}

export function registerRunCommand(program: Command, io: CliIo): void {
  addMaxDocumentMbOption(
    program
      .command('run')
      .description('Run one configuration over a dataset and print its metrics')
      .requiredOption('--dataset <name|dir>', 'bundled dataset name (e.g. demo) or a dataset path'),
  )
    .option(
      '--config <file>',
      'configuration JSON (flat, or with a "config" member such as best.json); default pipelines/baseline.json',
    )
    .option('--set <key=value>', 'override one parameter (repeatable), e.g. --set chunk.size=256', collectAssignment)
    .option('--questions <n>', 'evaluate a seeded sample of n questions', positiveInt)
    .option('--seed <n>', 'seed for the question sample', nonNegativeInt, 0)
    .option('--json <file>', 'write {config, questions, metrics, ...} to this file')
    .option('--cache-dir <dir>', 'stage cache folder (default .tune-rag/cache)')
    .option('--concurrency <n>', 'questions processed at once', positiveInt, 1)
    .option(
      '--llm <provider:model>',
      'enable LLM components (generator llm:<model>, reranker llm-rerank, query.rewrite multi-query / hyde), e.g. openai:gpt-4o-mini',
    )
    .option(
      '--llm-embed <provider:model>',
      'also enable embedder llm-embed:<model>, e.g. openai:text-embedding-3-small',
    )
    .option('--max-cost <usd>', 'stop the run before LLM spending would exceed this many USD', positiveUsd)
    .option(
      '--prices <file>',
      'JSON price table {"model": {"inputPer1M": usd, "outputPer1M": usd}} for models without a built-in price (Ollama, vLLM, Azure deployments)',
    )
    .option('--llm-timeout <seconds>', LLM_TIMEOUT_HELP, timeoutSeconds)
    .option('--judge', 'add LLM judge metrics (judge_correctness, judge_faithfulness); needs --llm')
    .option('--config-file <path>', CONFIG_FILE_HELP)
    .option(
      '--judge-with <name>',
      'add judge metrics with a judge the project file registers (components.judges[].name)',
    )
    .action((flags: RunFlags) => runCommand(flags, io));
}

export async function runCommand(flags: RunFlags, io: CliIo): Promise<void> {
  const cacheHealth = cliCacheHealth(io);
  const components = await setUpComponents(flags, io, cacheHealth);
  const { llm } = components;
  // Ctrl-C, SIGTERM, SIGHUP: stop starting questions (answers so far are in the stage cache), exit 128 + n.
  const controller = new AbortController();
  const stop = listenForStop({ onStop: ({ count }) => (count > 1 ? 'quit' : (controller.abort(), 'stopping')) });
  try {
    await runWith(flags, io, llm, {
      signal: controller.signal,
      stop,
      cacheHealth,
      registry: components.registry,
      pipeline: components.pipeline,
    });
  } finally {
    stop.dispose();
    components.close();
  }
}

async function runWith(
  flags: RunFlags,
  io: CliIo,
  llm: LlmRun | null,
  {
    signal,
    stop,
    cacheHealth,
    registry,
    pipeline,
  }: {
    signal: AbortSignal;
    stop: StopListener;
    cacheHealth: CacheHealth;
    registry: ComponentRegistry | undefined;
    pipeline: UserPipelineInput | undefined;
  },
): Promise<void> {
  const opened = openWorkspace({ cwd: io.cwd, cacheDir: flags.cacheDir, components: registry });
  // A project file's pipeline: --config / --set are checked against its parameters, not the built-in ones.
  const workspace = pipeline
    ? setUpUserPipeline({ pipeline, workspace: opened, cwd: io.cwd, needsSpace: false }).workspace
    : opened;
  const { config, ignored } = resolveRunConfig({ workspace, configPath: flags.config, assignments: flags.set });
  const dataset = await loadDataset({ spec: flags.dataset, cwd: io.cwd, maxDocumentMb: flags.maxDocumentMb });
  const questions =
    flags.questions === undefined
      ? dataset.questions
      : sampleQuestions({ questions: dataset.questions, n: flags.questions, seed: flags.seed });
  const quiet = flags.json !== undefined;
  // A read-only --json folder fails now, not after the run.
  if (flags.json) checkWritableFile({ path: resolve(io.cwd, flags.json), flag: '--json' });
  // The same warnings as `datasets inspect` and `tune`: long documents against the default space.
  // Long-document warnings are about the built-in chunker: a user pipeline chunks its own way.
  const chunk = pipeline
    ? undefined
    : spaceChunkReference(
        loadSearchSpace({
          path: workspace.defaultSpacePath,
          catalogue: workspace.catalogue,
          fixed: workspace.defaults,
        }),
      );
  const datasetWarnings = inspectDataset({ dataset, chunk }).warnings;
  if (!quiet) {
    io.out(
      `dataset ${dataset.name} (${dataset.format}): ${dataset.docs.length} documents, ${questions.length}/${dataset.questions.length} questions, fingerprint ${dataset.fingerprint}`,
    );
    io.out(
      `config  ${Object.entries(config)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    if (ignored.length) io.out(`ignored (inactive for this configuration): ${ignored.join(', ')}`);
  }
  printDatasetWarnings({ io, warnings: datasetWarnings, quiet });
  // On stderr and only on a terminal, so --json (stdout) keeps the bar too; retries show live.
  const progress = createProgressReporter({ enabled: true, stream: io.stderrStream });
  const status = () => (llm ? (llmProgressStatus(llm.client.stats()) ?? '') : '');
  let done = 0;
  progress.start(questions.length, 'questions');
  const ticker = llm ? setInterval(() => progress.update(done, status()), LLM_STATUS_INTERVAL_MS).unref() : null;
  const stopProgress = () => {
    if (ticker) clearInterval(ticker);
    progress.stop();
  };
  const run = signal.aborted
    ? null
    : await runConfiguration({
        dataset,
        cwd: io.cwd,
        config,
        ...(pipeline ? { pipeline } : {}),
        questions: flags.questions,
        seed: flags.seed,
        concurrency: flags.concurrency,
        components: workspace.components,
        judge: flags.judgeWith === undefined ? (llm?.judge ?? undefined) : workspace.components.judge(flags.judgeWith),
        cacheDir: flags.cacheDir,
        cacheHealth,
        signal,
        onProgress: (p) => progress.update((done = p.done), status()),
      }).catch((error: unknown) => {
        stopProgress();
        if (error instanceof RunAbortedError) return null;
        throw llmStop(error, llm);
      });
  if (!run) {
    stopProgress();
    io.err(
      `stopped (${stop.signal}) after ${done} of ${questions.length} questions: nothing is reported; the answers computed are cached, so the same command recomputes only the rest`,
    );
    process.exitCode = stop.exitCode() ?? 130;
    return;
  }
  stopProgress();
  const executions = run.stageExecutions;
  const questionErrors = groupErrors(run.outcomes.map((o) => o.error));
  // The metric `tune` would optimise as quality here, and what answers needing no pipeline score on it.
  const quality = dataset.hasAnswers ? chooseQualityMetric({ questions: dataset.questions }) : null;
  const trivial = quality ? scoreTrivialAnswers({ questions, metric: quality.metric }) : null;
  const warning = trivial
    ? trivialAnswerWarning({ trivial, pipelines: [{ label: 'configuration run', value: run.metrics[trivial.metric] }] })
    : null;
  if (flags.json) {
    const componentCalls = workspace.components.componentCalls();
    const report = {
      config,
      questions: questions.length,
      metrics: run.metrics,
      dataset: {
        name: dataset.name,
        format: dataset.format,
        source: dataset.source,
        fingerprint: dataset.fingerprint,
        documents: dataset.docs.length,
      },
      seed: flags.seed,
      versions: { 'tune-rag': packageVersion(), node: process.version },
      wall_ms: Math.round(run.wallMs),
      failures: run.failures,
      dataset_warnings: datasetWarnings,
      ...(questionErrors.length ? { question_errors: questionErrors } : {}),
      stage_executions: executions,
      peak_rss_bytes: run.resources.peakRssBytes,
      cache_bytes_written: run.resources.cacheBytesWritten,
      cache: cacheHealth.report(),
      ...(quality ? { quality_metric: { metric: quality.metric, reason: quality.reason } } : {}),
      ...(trivial ? { trivial_answers: { ...trivial, warning } } : {}),
      ...(llm ? { llm: llmStats(llm) } : {}),
      ...(componentCalls.length ? { langchain: componentCallsJson(componentCalls) } : {}),
    };
    writeFileSync(resolve(io.cwd, flags.json), JSON.stringify(report, null, 2) + '\n');
  } else {
    io.out(formatMetricsTable(run.metrics));
    if (quality) io.out(`quality metric: ${quality.reason}`);
    if (trivial)
      io.out(
        formatTrivialAnswers({
          trivial,
          warning,
          scope: 'questions',
          pipelines: [{ label: 'this configuration', value: run.metrics[trivial.metric] }],
        }).join('\n'),
      );
    const computed =
      Object.entries(executions)
        .filter(([, n]) => n > 0)
        .map(([stage, n]) => `${stage} ${n}`)
        .join(', ') ||
      (run.failures > 0 ? `nothing (the rest cached; ${run.failures} questions failed)` : 'nothing (all cached)');
    io.out(`wall time ${formatSeconds(run.wallMs / 1000)} (${Math.round(run.wallMs)} ms); computed: ${computed}`);
    io.out(
      `peak RSS ${formatBytes(run.resources.peakRssBytes)}; written to the stage cache ${formatBytes(run.resources.cacheBytesWritten)}`,
    );
    if (llm) io.out(formatLlmLine(llm, run.metrics));
  }
  printCacheHealth({ io, health: cacheHealth, quiet });
  // A configuration that answered nothing has no result to report: fail the command, not just warn.
  if (run.failures > 0 && run.failures === questions.length) {
    throw new TuneRagError(
      'pipeline',
      `every question failed (${run.failures} of ${questions.length}): ${formatErrorGroups(questionErrors)}`,
      {
        hint: 'Fix the cause above (for an LLM: the endpoint, key and model; see the llm line), then run again: successful answers are cached.',
      },
    );
  }
  // The judge's calls can all fail while every answer is local: the judge metrics are then missing.
  if (llm && everyLlmCallFailed(llm.client.stats()))
    throw llmTotalFailure({ stats: llm.client.stats(), errors: questionErrors });
  // Said on stderr too, so a --json run cannot hide it.
  if (warning && flags.json) io.err(`warning: ${warning}`);
  if (run.failures > 0) {
    const first = run.outcomes.find((o) => o.error);
    io.err(
      `warning: ${run.failures} of ${questions.length} questions failed (first: ${first?.questionId}): ${formatErrorGroups(questionErrors)}; ` +
        'they score 0 on every metric that applies and are left out of latency',
    );
  }
}
