import type { Command } from 'commander';
import { runWorker } from '../api/run-worker.js';
import { countsTowardBudget } from '../optimize/study.js';
import { openWorkspace } from '../workspace/workspace.js';
import { cliCacheHealth } from './cache-health-lines.js';
import type { CliIo } from './cli-io.js';
import { addHeartbeatOptions, type HeartbeatFlags } from './heartbeat-options.js';
import { addMaxDocumentMbOption } from './max-document-mb-option.js';
import { positiveInt } from './option-parsers.js';
import { createProgressReporter } from './progress-bar.js';
import { CONFIG_FILE_HELP, setUpComponents, type ComponentFlags } from './project-file.js';
import { listenForStop } from './stop-signals.js';
import { watchParent } from './parent-watch.js';
import { LLM_TIMEOUT_HELP, timeoutSeconds } from './llm-options.js';
import { TuneProgress } from './tune-progress.js';
import { everyLlmCallFailed, llmTotalFailure } from './total-failure.js';
import { groupErrors } from '../metrics/error-groups.js';

/** The flags of `tune-rag worker`. */
export interface WorkerFlags extends ComponentFlags, HeartbeatFlags {
  study: string;
  dataset?: string;
  budget?: number;
  concurrency: number;
  maxDocumentMb?: number;
}

export function registerWorkerCommand(program: Command, io: CliIo): void {
  const command = program
    .command('worker')
    .description(
      "Join an existing study as one more worker: take its waiting trials and propose (one worker at a time) until the study's budget is used",
    )
    .requiredOption('--study <name>', 'the study to join (started by tune)')
    .option('--dataset <name|dir>', "the study's dataset (default: where the study loaded it from)")
    .option('--budget <n>', "total trials over every worker (default: the study's budget)", positiveInt)
    .option('--concurrency <n>', 'trials this worker evaluates at once', positiveInt, 1)
    .option('--config-file <path>', CONFIG_FILE_HELP)
    .option('--cache-dir <dir>', 'stage cache folder (default .tune-rag/cache; share it between workers)')
    .option('--llm <provider:model>', 'the LLM the study was started with, e.g. openai:gpt-4o-mini')
    .option('--llm-embed <provider:model>', 'the LLM embedder the study was started with')
    .option('--prices <file>', 'JSON price table for models without a built-in price')
    .option('--llm-timeout <seconds>', LLM_TIMEOUT_HELP, timeoutSeconds);
  addMaxDocumentMbOption(addHeartbeatOptions(command)).action((flags: WorkerFlags) => workerCommand(flags, io));
}

/**
 * `tune-rag worker`: one line per trial this worker starts and finishes, a note for a trial
 * another process recovered from under it, and a last line with the study's count. Ctrl-C
 * interrupts its running trials (re-queued for the other workers) and exits 130.
 */
export async function workerCommand(flags: WorkerFlags, io: CliIo): Promise<void> {
  const cacheHealth = cliCacheHealth(io);
  const setup = await setUpComponents(flags, io, cacheHealth);
  const controller = new AbortController();
  const stop = listenForStop({
    onStop: ({ signal, count }) => {
      if (count > 1) return 'quit';
      io.err(`stopping (${signal}): interrupting this worker's running trials (other workers re-run them)`);
      controller.abort();
      return 'stopping';
    },
  });
  const unwatch = watchParent(() => {
    if (controller.signal.aborted) return;
    controller.abort();
  });
  let progress: TuneProgress | null = null;
  let evaluated = 0;
  const trialErrors: string[] = [];
  try {
    const workspace = openWorkspace({ cwd: io.cwd, cacheDir: flags.cacheDir, components: setup.registry });
    const result = await runWorker({
      study: flags.study,
      dataset: flags.dataset,
      budget: flags.budget,
      cwd: io.cwd,
      workspace,
      storage: flags.storage,
      llm: setup.llm,
      pipeline: setup.pipeline,
      concurrency: flags.concurrency,
      maxDocumentMb: flags.maxDocumentMb,
      heartbeatInterval: flags.heartbeatInterval,
      heartbeatGrace: flags.heartbeatGrace,
      cacheHealth,
      signal: controller.signal,
      onReady: (run) => {
        io.out(
          `worker ${process.pid} joined study ${run.study.name} (${run.storage}): budget ${run.steering.state.budget}, ${run.study.trials().filter(countsTowardBudget).length} trials done`,
        );
        progress = new TuneProgress({
          study: run.study,
          budget: () => run.steering.state.budget,
          reporter: createProgressReporter({ enabled: false }),
          quiet: false,
        });
      },
      events: {
        onTrialStart: (trial) => {
          io.out(`started #${trial.number}`);
          progress?.events().onTrialStart?.(trial);
        },
        onRung: (trial, rung, decision) => progress?.events().onRung?.(trial, rung, decision),
        onTrialEnd: (trial) => {
          evaluated += 1;
          if (trial.state === 'failed' && trial.error) trialErrors.push(trial.error);
          progress?.events().onTrialEnd?.(trial);
        },
        onTrialLost: (trial) =>
          io.err(
            `note: trial #${trial.number} was recovered by another process (its heartbeat was older than the grace period); this worker dropped its result`,
          ),
      },
    });
    io.out(
      `worker ${process.pid} done: evaluated ${evaluated} trial(s); the study has ${result.counted} of ${result.budget}`,
    );
    if (controller.signal.aborted) process.exitCode = stop.exitCode() ?? 130;
    // A worker whose endpoint failed every call (a machine that cannot reach it, a bad key there)
    // measured nothing it was asked to: it must not exit 0 while the others carry the study.
    else if (setup.llm && everyLlmCallFailed(setup.llm.client.stats()))
      throw llmTotalFailure({ stats: setup.llm.client.stats(), errors: groupErrors(trialErrors) });
  } finally {
    unwatch();
    stop.dispose();
    setup.close();
  }
}
