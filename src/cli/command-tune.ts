import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTuningLoop } from '../optimize/tuning-loop.js';
import { PipelineRunner } from '../pipeline/pipeline-runner.js';
import { StageCache } from '../pipeline/stage-cache.js';
import { formatStudy } from '../report/format-study.js';
import { studyJson, summarizeStudy } from '../report/study-summary.js';
import { openWorkspace } from '../workspace.js';
import type { CliIo } from './cli-io.js';
import { nonNegativeInt, positiveInt } from './option-parsers.js';
import { createProgressReporter } from './progress-bar.js';
import { setupTuning, type TuneFlags } from './tune-setup.js';
import { formatLlmLine, llmStats, positiveUsd, setUpLlm, spendCapStop, type LlmRun } from './llm-options.js';
import { isSpendCapReached } from '../llm/llm-error.js';
import { TuneProgress } from './tune-progress.js';

export function registerTuneCommand(program: Command, io: CliIo): void {
  program
    .command('tune', { isDefault: true })
    .description('Search the configuration space on a dataset (the default command: tune-rag --dataset X)')
    .requiredOption('--dataset <name|dir>', 'bundled dataset name (e.g. demo) or a dataset path')
    .option('--budget <n>', 'trials to evaluate (the baseline is trial #0)', positiveInt, 30)
    .option('--proposer <name>', 'auto | random | grid | tpe | greedy | llm (the LLM agent; with --llm, auto is the agent too)', 'auto')
    .option('--space <file>', 'search space JSON (default pipelines/default.space.json)')
    .option('--seed <n>', 'fixes every random choice (question order, proposals)', nonNegativeInt, 0)
    .option('--concurrency <n>', 'trials evaluated at once', positiveInt, 1)
    .option('--resume', 'continue the study after a crash or Ctrl-C')
    .option('--study <name>', 'study name (default: dataset name + a hash of the space and objectives)')
    .option('--db <file>', 'study database (default .tune-rag/tune-rag.db)')
    .option('--objectives <list>', 'comma-separated: quality, retrieval, latency, cost, ...', undefined)
    .option('--weights <list>', 'e.g. quality=0.7,latency=0.2,cost=0.1')
    .option('--constraint <expr>', 'e.g. "latency_p95_ms<800" (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--rungs <fractions>', 'multi-fidelity question fractions', '0.11,0.33,1')
    .option('--no-fidelity', 'evaluate every trial on all questions')
    .option('--questions <n>', 'tune on a seeded sample of n questions (default: all)', positiveInt)
    .option('--eta <n>', 'successive halving: keep the top 1/eta at each rung', positiveInt, 3)
    .option('--json <file>', 'write {study, best, pareto, trials} to this file')
    .option('--out <dir>', 'folder for best.json and pareto.json (default .tune-rag/studies/<study>)')
    .option('--cache-dir <dir>', 'stage cache folder (default .tune-rag/cache)')
    .option('--llm <provider:model>', 'add the LLM generator (with prompt and temperature) and the LLM reranker to the default space, e.g. openai:gpt-4o-mini')
    .option('--llm-embed <provider:model>', 'also add embedder llm-embed:<model>, e.g. openai:text-embedding-3-small')
    .option('--max-cost <usd>', 'stop the search before LLM spending would exceed this many USD', positiveUsd)
    .action((flags: TuneFlags) => tuneCommand(flags, io));
}

export async function tuneCommand(flags: TuneFlags, io: CliIo): Promise<void> {
  const llm = setUpLlm(flags, io);
  try {
    await tuneWith(flags, io, llm);
  } finally {
    llm?.close();
  }
}

async function tuneWith(flags: TuneFlags, io: CliIo, llm: LlmRun | null): Promise<void> {
  const workspace = openWorkspace({ cwd: io.cwd, cacheDir: flags.cacheDir, components: llm?.registry });
  const setup = await setupTuning(flags, workspace, io.cwd, llm);
  const { study, store, dataset } = setup;
  const cache = new StageCache({ dir: workspace.cacheDir });
  const quiet = flags.json !== undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130); // everything finished is already durable
    io.err('\nstopping: finishing the stored trials and saving (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const recovered = study.recoverInterrupted();
    if (!quiet) {
      io.out(`${setup.resumed ? 'resuming' : 'starting'} study ${study.name} on ${dataset.name}: ${dataset.docs.length} documents, ${setup.questionOrder.length} of ${dataset.questions.length} questions; ` +
        `rungs ${study.settings.rungs.join(' -> ')} questions; proposer ${setup.proposer.name}; budget ${flags.budget}`);
      if (recovered.length) io.out(`re-queued ${recovered.length} trial(s) interrupted last time`);
    }
    const runner = new PipelineRunner({ dataset, cache, components: workspace.components });
    const progress = new TuneProgress({ study, budget: flags.budget, reporter: createProgressReporter({ enabled: !quiet, stream: io.stderrStream }), quiet });
    progress.start();
    let capError: unknown = null;
    try {
      await runTuningLoop({
        study, runner, space: setup.space, proposer: setup.proposer, budget: flags.budget, concurrency: flags.concurrency,
        questionOrder: setup.questionOrder, signal: controller.signal, events: progress.events(),
      });
    } catch (error) {
      // The spend cap ends the search like Ctrl-C: report what was found, then fail with exit 2.
      if (!isSpendCapReached(error)) throw error;
      capError = error;
    }
    progress.stop();
    const summary = summarizeStudy(study);
    mkdirSync(setup.outDir, { recursive: true });
    if (summary.best) writeFileSync(join(setup.outDir, 'best.json'), JSON.stringify({ study: study.name, trial: summary.best.number, config: summary.best.config, objectives: summary.best.objectives, metrics: summary.best.metrics }, null, 2) + '\n');
    writeFileSync(join(setup.outDir, 'pareto.json'), JSON.stringify(summary.pareto.map((t) => ({ trial: t.number, config: t.config, objectives: t.objectives })), null, 2) + '\n');
    if (flags.json) writeFileSync(resolve(io.cwd, flags.json), JSON.stringify({ ...studyJson(summary), ...(llm ? { llm: llmStats(llm) } : {}) }, null, 2) + '\n');
    if (!quiet) {
      io.out('');
      io.out(formatStudy(summary));
      io.out(`\nwrote ${summary.best ? join(setup.outDir, 'best.json') + ' (use it with tune-rag run --config) and ' : ''}${join(setup.outDir, 'pareto.json')}`);
    }
    if (llm && !quiet) io.out(formatLlmLine(llm, {}));
    if (capError) throw spendCapStop(capError, llm);
    if (controller.signal.aborted) {
      io.err(`stopped early: ${summary.counts.complete + summary.counts.pruned} trials are saved; continue with the same command plus --resume`);
      process.exitCode = 130;
    }
  } finally {
    process.off('SIGINT', onSigint);
    cache.close();
    store.close();
  }
}
