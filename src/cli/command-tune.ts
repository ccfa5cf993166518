import { formatComponentCallsLine } from './component-call-lines.js';
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { prepareTuning, type PrepareTuningOptions } from '../api/prepare-tuning.js';
import { runTuning } from '../api/tune.js';
import { formatStudy } from '../report/format-study.js';
import { openWorkspace } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';
import { addTuneOptions } from './tune-options.js';
import { writeTuneOutputs } from './tune-outputs.js';
import { createProgressReporter } from './progress-bar.js';
import { tuneOptionsOf, type TuneFlags } from './tune-flags.js';
import { checkWritableFile, checkWritableFolder } from './output-paths.js';
import { generateQaFirst } from './generate-qa-first.js';
import { formatLlmLine, llmStop, type LlmRun } from './llm-options.js';
import { setUpComponents } from './project-file.js';
import { stopsTheRun } from '../llm/llm-error.js';
import { TuneProgress } from './tune-progress.js';
import { llmProgressStatus } from './llm-progress-status.js';
import { tuneTotalFailure } from './total-failure.js';
import { studyOpeningLine } from './study-opening-line.js';
import { tuneJsonLine } from './tune-json-line.js';
import { printDatasetWarnings } from './dataset-warning-lines.js';
import { listenForStop } from './stop-signals.js';
import { cliCacheHealth, printCacheHealth } from './cache-health-lines.js';
import type { CacheHealth } from '../cache/cache-health.js';
import { positiveInt } from './option-parsers.js';
import { startLocalWorkers, workerArgs, type LocalWorkers } from './local-workers.js';

export function registerTuneCommand(program: Command, io: CliIo): void {
  addTuneOptions(
    program
      .command('tune', { isDefault: true })
      .description('Search the configuration space on a dataset (the default command: tune-rag --dataset X)'),
  )
    .option(
      '--workers <n>',
      'processes evaluating trials: tune plus n - 1 local `tune-rag worker` processes on the same study (uses more cores)',
      positiveInt,
      1,
    )
    .action((flags: TuneFlags, command: Command) =>
      tuneCommand({ ...flags, budgetExplicit: command.getOptionValueSource('budget') === 'cli' }, io),
    );
}

export async function tuneCommand(flags: TuneFlags, io: CliIo): Promise<void> {
  const cacheHealth = cliCacheHealth(io);
  const setup = await setUpComponents(flags, io, cacheHealth);
  const { llm } = setup;
  try {
    const workspace = openWorkspace({ cwd: io.cwd, cacheDir: flags.cacheDir, components: setup.registry });
    const asked = await generateQaFirst({ flags, workspace, io });
    await tuneAndReport(
      {
        options: tuneOptionsOf(asked, { cwd: io.cwd, workspace, llm, space: setup.space, pipeline: setup.pipeline }),
        out: asked.out,
        json: asked.json,
        extraWorkers: (asked.workers ?? 1) - 1,
        workerArgs: workerArgs(asked),
      },
      io,
      llm,
      cacheHealth,
    );
  } finally {
    setup.close();
  }
}

/**
 * A tuning run as the CLI shows it: the opening lines, the progress bar, Ctrl-C handling, the
 * summary, and best.json / pareto.json / `json` written. `out` and `json` are the flags' values.
 */
export async function tuneAndReport(
  run: {
    options: PrepareTuningOptions;
    out?: string;
    json?: string;
    /** `--workers N`: N - 1 child `tune-rag worker` processes started next to this one. */
    extraWorkers?: number;
    /** Their flags besides --study, --storage, --dataset and --budget (see workerArgs). */
    workerArgs?: string[];
  },
  io: CliIo,
  llm: LlmRun | null,
  cacheHealth: CacheHealth,
): Promise<void> {
  const { out, json } = run;
  // Before the study exists: a fixed path must not leave a new, empty study behind.
  if (out) checkWritableFolder({ dir: resolve(io.cwd, out), flag: '--out' });
  if (json) checkWritableFile({ path: resolve(io.cwd, json), flag: '--json' });
  const setup = await prepareTuning(run.options);
  const { study, store, dataset } = setup;
  try {
    if (!out) checkWritableFolder({ dir: setup.outDir, flag: '--out (default: the study folder)' });
  } catch (error) {
    store.close();
    throw error;
  }
  const quiet = json !== undefined;
  const controller = new AbortController();
  let children: LocalWorkers | null = null;
  // Ctrl-C, SIGTERM and SIGHUP: interrupt the running trial (re-run on --resume), save, print and
  // write the outputs, exit 128 + n; a second signal quits at once (everything finished is durable).
  const stop = listenForStop({
    onStop: ({ signal, count }) => {
      children?.signal(signal);
      if (count > 1) return 'quit';
      io.err(
        `\nstopping (${signal}): saving the finished trials and writing the outputs (Ctrl-C again to quit at once)`,
      );
      controller.abort();
      return 'stopping';
    },
  });
  try {
    const recovered = study.recoverInterrupted({ graceMs: setup.heartbeat.graceMs });
    if (!quiet) {
      io.out(
        `${setup.resumed ? 'resuming' : 'starting'} study ${study.name} on ${dataset.name}: ${dataset.docs.length} documents, ${setup.questionOrder.length} of ${dataset.questions.length} questions; ` +
          `rungs ${study.settings.rungs.join(' -> ')} questions; pruner ${study.settings.pruner}; proposer ${setup.proposer.name}; budget ${setup.steering.state.budget}`,
      );
      if (study.settings.quality) io.out(`quality metric: ${study.settings.quality.reason}`);
      if (recovered.length) io.out(`re-queued ${recovered.length} trial(s) interrupted last time`);
      if (setup.spendLine) io.out(setup.spendLine);
      const opening = studyOpeningLine({ study, opening: setup.opening, budget: setup.steering.state.budget });
      if (opening) io.out(opening);
    }
    if (setup.openingNote) io.err(`note: ${setup.openingNote}`);
    const budgetNotice = setup.steering.budgetNotice();
    if (budgetNotice) io.err(`note: ${budgetNotice}`);
    printDatasetWarnings({ io, warnings: setup.datasetWarnings, quiet });
    // The bar is on stderr and only drawn on a terminal, so --json (stdout) keeps it too.
    const progress = new TuneProgress({
      study,
      budget: () => setup.steering.state.budget,
      reporter: createProgressReporter({ enabled: true, stream: io.stderrStream }),
      quiet,
      llmStatus: llm ? () => llmProgressStatus(llm.client.stats()) : undefined,
    });
    progress.start();
    const extra = run.extraWorkers ?? 0;
    if (extra > 0) {
      children = startLocalWorkers({
        count: extra,
        cwd: io.cwd,
        io,
        storage: setup.storage,
        args: [
          ...['--study', study.name, '--dataset', dataset.source],
          ...['--budget', String(setup.steering.state.budget), ...(run.workerArgs ?? [])],
        ],
      });
      if (!quiet) io.out(`started ${extra} more worker process(es) on study ${study.name}`);
    }
    // The other workers' trials end in their processes: the bar re-reads the study meanwhile.
    const poll = children ? setInterval(() => progress.poll(), 1_000) : null;
    let capError: unknown = null;
    try {
      await runTuning(setup, {
        signal: controller.signal,
        events: progress.events(),
        cacheHealth,
        cacheBudget: run.options.cacheBudget,
      });
    } catch (error) {
      // The spend cap or a rejected key ends the search like Ctrl-C: report what was found, then fail with exit 2.
      if (!stopsTheRun(error)) throw error;
      capError = error;
      children?.signal('SIGINT');
    }
    const childExits = children ? await children.exited() : [];
    if (poll) clearInterval(poll);
    progress.stop();
    const failedWorkers = childExits.filter((code) => code !== 0 && code !== null && !controller.signal.aborted);
    if (failedWorkers.length)
      io.err(`error: ${failedWorkers.length} worker process(es) failed (see their lines above)`);
    const summary = writeTuneOutputs({
      study,
      outDir: setup.outDir,
      json,
      cwd: io.cwd,
      llm,
      componentCalls: setup.workspace.components.componentCalls(),
      datasetWarnings: setup.datasetWarnings,
      cache: cacheHealth.report(),
    });
    if (!quiet) {
      io.out('');
      io.out(formatStudy(summary));
      io.out(
        `\nwrote ${summary.best ? join(setup.outDir, 'best.json') + ' (use it with tune-rag run --config) and ' : ''}${join(setup.outDir, 'pareto.json')}`,
      );
    } else {
      const written = [
        resolve(io.cwd, json ?? ''),
        ...(summary.best ? [join(setup.outDir, 'best.json')] : []),
        join(setup.outDir, 'pareto.json'),
      ];
      io.out(tuneJsonLine({ summary, opening: setup.opening, written, cwd: io.cwd }));
    }
    // With --json the summary is not printed: the warning must still reach the terminal.
    if (quiet && summary.trivialAnswers?.warning) io.err(`warning: ${summary.trivialAnswers.warning}`);
    if (llm && !quiet) io.out(formatLlmLine(llm, {}));
    const componentCalls = setup.workspace.components.componentCalls();
    if (componentCalls.length && !quiet) io.out(formatComponentCallsLine(componentCalls));
    printCacheHealth({ io, health: cacheHealth, quiet });
    if (capError) throw llmStop(capError, llm);
    const allFailed = controller.signal.aborted
      ? null
      : tuneTotalFailure({ summary, llm, maxFailureRate: study.settings.maxFailureRate });
    if (allFailed) throw allFailed;
    if (failedWorkers.length) process.exitCode = 1;
    if (controller.signal.aborted) {
      io.err(
        `stopped early: ${summary.counts.complete + summary.counts.pruned} trials are saved; continue with the same command plus --resume`,
      );
      process.exitCode = stop.exitCode() ?? 130;
    }
  } finally {
    stop.dispose();
    store.close();
  }
}
