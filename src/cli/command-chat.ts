import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { ChatAgent } from '../chat/chat-agent.js';
import { handleMessage } from '../chat/handle-message.js';
import { readSteerFile, steerFileRefusal, type SteerMessage, type SteerOutcome } from '../chat/steer-file.js';
import { isTuneRagError, renderErrorText } from '../errors.js';
import { isAccessDenied, isSpendCapReached, stopsTheRun } from '../llm/llm-error.js';
import { countsTowardBudget } from '../optimize/study.js';
import { budgetedEvents } from '../api/budgeted-events.js';
import { runTuningLoop } from '../optimize/tuning-loop.js';
import { createRunner } from '../pipeline/create-runner.js';
import { StageCache } from '../pipeline/stage-cache.js';
import { cliCacheHealth } from './cache-health-lines.js';
import { diffText, formatStudy } from '../report/format-study.js';
import { openWorkspace } from '../workspace/workspace.js';
import { ChatTerminal } from './chat-terminal.js';
import type { CliIo } from './cli-io.js';
import { flagOf } from './flag-names.js';
import { formatLlmLine, llmStop } from './llm-options.js';
import { tuneTotalFailure } from './total-failure.js';
import { setUpComponents, type CommandComponents } from './project-file.js';
import { addTuneOptions } from './tune-options.js';
import { writeTuneOutputs } from './tune-outputs.js';
import { TuneProgress } from './tune-progress.js';
import { tuneOptionsOf, type TuneFlags } from './tune-flags.js';
import { prepareTuning } from '../api/prepare-tuning.js';
import { checkWritableFile, checkWritableFolder } from './output-paths.js';
import { generateQaFirst } from './generate-qa-first.js';
import { studyOpeningLine } from './study-opening-line.js';
import { listenForStop, signalExitCode, type StopSignal } from './stop-signals.js';

interface ChatFlags extends TuneFlags {
  steerFile?: string;
}

export function registerChatCommand(program: Command, io: CliIo): void {
  addTuneOptions(
    program
      .command('chat')
      .description(
        'Tune while you steer: the search runs in the background; type /help for commands, or plain language with --llm',
      ),
  )
    .option(
      '--steer-file <file>',
      'messages to apply, one per line as typed in the chat; "@N message" applies it after N trials',
    )
    .action((flags: ChatFlags, command: Command) =>
      chatCommand({ ...flags, budgetExplicit: command.getOptionValueSource('budget') === 'cli' }, io),
    );
}

async function chatCommand(flags: ChatFlags, io: CliIo): Promise<void> {
  // Read the script first: a bad line is reported before anything is computed.
  const scripted = flags.steerFile ? await readSteerFile(resolve(io.cwd, flags.steerFile), flags.steerFile) : [];
  const components = await setUpComponents(flags, io);
  try {
    await chatWith(flags, io, components, scripted);
  } finally {
    components.close();
  }
}

/**
 * The chat: a tuning run (the same study, flags and outputs as `tune`) whose loop reads a steering
 * session before every trial, plus a prompt feeding that session. Typed lines are handled one at
 * a time in arrival order; steer-file lines are applied by the loop when their trial count comes,
 * which is what makes a scripted chat deterministic under --seed. When the budget is used the
 * chat stays open on a terminal (questions, /budget to go on, /stop to quit); without a terminal
 * it ends with the search.
 */
async function chatWith(
  flags: ChatFlags,
  io: CliIo,
  components: CommandComponents,
  scripted: SteerMessage[],
): Promise<void> {
  const { llm } = components;
  const workspace = openWorkspace({ cwd: io.cwd, cacheDir: flags.cacheDir, components: components.registry });
  const asked = await generateQaFirst({ flags, workspace, io });
  // Before the study exists: a fixed path must not leave a new, empty study behind.
  if (asked.out) checkWritableFolder({ dir: resolve(io.cwd, asked.out), flag: '--out' });
  if (asked.json) checkWritableFile({ path: resolve(io.cwd, asked.json), flag: '--json' });
  const setup = await prepareTuning(
    tuneOptionsOf(asked, {
      cwd: io.cwd,
      workspace,
      llm,
      space: components.space,
      pipeline: components.pipeline,
    }),
  );
  const { study, store, dataset, steering } = setup;
  try {
    if (!asked.out) checkWritableFolder({ dir: setup.outDir, flag: '--out (default: the study folder)' });
  } catch (error) {
    store.close();
    throw error;
  }
  const cache = new StageCache({ dir: workspace.cacheDir, health: cliCacheHealth(io) });
  const agent = llm ? new ChatAgent({ client: llm.client, session: steering }) : null;
  const controller = new AbortController();
  const pending = [...scripted];
  let inputOpen = true;
  let interrupts = 0;
  let typed: Promise<void> = Promise.resolve();
  let accessDenied: unknown = null;

  // A y/N question from the agent (stop from free text) is answered by the next typed line.
  let answer: ((line: string) => void) | null = null;
  const confirm = (question: string): Promise<boolean> => {
    terminal.print(question);
    return new Promise((resolveAnswer) => {
      answer = (line) => resolveAnswer(/^\s*y(es)?\s*$/i.test(line));
    });
  };
  // What became of each steer-file line: a file none of whose lines applied fails the run.
  const scriptedOutcomes: SteerOutcome[] = [];
  const handle = async (
    text: string,
    echo: string | null,
    typedOnTerminal = false,
  ): Promise<{ ok: boolean; reason: string }> => {
    if (echo) terminal.print(echo);
    try {
      const outcome = await handleMessage({
        text,
        session: steering,
        agent,
        confirm: typedOnTerminal ? confirm : undefined,
      });
      for (const line of outcome.lines) terminal.print(line);
      return { ok: outcome.ok, reason: (outcome.lines[0] ?? '').replace(/^✗ /, '').split('\n')[0] };
    } catch (error) {
      if (isSpendCapReached(error)) throw error;
      if (isAccessDenied(error)) {
        // A rejected key fails every later call too: stop the chat (after the running trial) and
        // exit with the same message and fix as tune and run, instead of one ✗ line per message.
        accessDenied ??= error;
        if (!steering.state.stopped) steering.apply({ type: 'stop' }, '(LLM access denied)');
        terminal.print(`✗ ${error.message}: stopping the chat`);
        return { ok: false, reason: error.message };
      }
      // A library error names options; the chat user started tune-rag with flags.
      const reason = isTuneRagError(error)
        ? renderErrorText(error.template.message, flagOf)
        : error instanceof Error
          ? error.message
          : String(error);
      terminal.print(`✗ ${reason}`);
      return { ok: false, reason };
    }
  };
  const handleScripted = async (message: SteerMessage, echo: string): Promise<void> => {
    scriptedOutcomes.push({ message, ...(await handle(message.text, echo)) });
  };
  const due = async (): Promise<void> => {
    await typed; // a message typed before this trial is applied before it
    while (pending.length > 0 && pending[0].afterTrials <= steering.done()) {
      const message = pending.shift()!;
      await handleScripted(message, `» @${message.afterTrials} ${message.text}`);
    }
  };
  // Ctrl-C steps: stop after the running trial, then interrupt it, then quit. SIGTERM and SIGHUP
  // (timeout, systemd, a closed SSH session) cannot wait for a trial: they stop and interrupt at
  // once, like tune's Ctrl-C; any signal after that quits (everything finished is durable).
  const interrupt = (signal: StopSignal = 'SIGINT'): 'stopping' | 'quit' => {
    interrupts += 1;
    if (controller.signal.aborted) return 'quit';
    if (interrupts === 1 && signal === 'SIGINT') {
      terminal.print('stopping after the running trial (Ctrl-C again to interrupt it; it is re-run on --resume)');
      steering.apply({ type: 'stop' }, '(Ctrl-C)');
      return 'stopping';
    }
    if (!steering.state.stopped) steering.apply({ type: 'stop' }, `(${signal})`);
    if (signal !== 'SIGINT')
      terminal.print(`stopping (${signal}): interrupting the running trial (it is re-run on --resume) and saving`);
    controller.abort();
    return 'stopping';
  };
  const terminal = new ChatTerminal({
    input: process.stdin,
    output: process.stdout,
    onLine: (line) => {
      if (answer) {
        const reply = answer;
        answer = null;
        reply(line);
        return;
      }
      typed = typed.then(async () => {
        await handle(line, terminal.interactive ? null : `» ${line}`, terminal.interactive);
      });
    },
    onClose: () => {
      inputOpen = false;
      answer?.('');
      answer = null;
      // Ctrl-D on a terminal means "done"; the end of piped input only means no more messages.
      if (terminal.interactive && !steering.state.stopped) steering.apply({ type: 'stop' }, '(end of input)');
    },
    // readline's own Ctrl-C (raw mode) counts like the signal.
    onInterrupt: () => {
      if (interrupt() === 'quit') process.exit(signalExitCode(stop.signal ?? 'SIGINT'));
    },
  });
  const stop = listenForStop({ onStop: ({ signal }) => interrupt(signal) });
  const canResume = () => terminal.interactive && inputOpen;
  try {
    const recovered = study.recoverInterrupted({ graceMs: setup.heartbeat.graceMs });
    terminal.print(
      `chat on study ${study.name} (${dataset.name}: ${dataset.docs.length} documents, ${setup.questionOrder.length} questions); proposer ${setup.proposer.name}; budget ${steering.state.budget}` +
        (recovered.length ? `; re-queued ${recovered.length} interrupted trial(s)` : ''),
    );
    const opening = studyOpeningLine({ study, opening: setup.opening, budget: steering.state.budget });
    if (opening) terminal.print(opening);
    if (setup.spendLine) terminal.print(setup.spendLine);
    if (setup.openingNote) terminal.print(`note: ${setup.openingNote}`);
    const budgetNotice = steering.budgetNotice();
    if (budgetNotice) terminal.print(`note: ${budgetNotice}`);
    for (const warning of setup.datasetWarnings) terminal.print(`warning: ${warning.message}`);
    terminal.print(
      agent
        ? 'Talk to the search in plain language, or use /commands (/help lists them).'
        : 'Steer with /commands (/help lists them); plain-language messages need --llm.',
    );
    const runner = createRunner({ dataset, cache, components: workspace.components, pipeline: setup.pipeline });
    const baseline = workspace.baseline;
    const progress = new TuneProgress({
      study,
      budget: () => steering.state.budget,
      reporter: terminal,
      quiet: false,
      describeConfig: (t) => diffText(t.config, baseline),
    });
    progress.start();
    let capError: unknown = null;
    for (;;) {
      steering.running = true;
      try {
        await runTuningLoop({
          study,
          runner,
          space: setup.space,
          proposer: setup.proposer,
          budget: steering.state.budget,
          concurrency: flags.concurrency,
          questionOrder: setup.questionOrder,
          signal: controller.signal,
          events:
            flags.cacheBudget === undefined
              ? progress.events()
              : budgetedEvents({ cache, maxBytes: flags.cacheBudget, events: progress.events() }),
          control: steering.control({ due, canResume, notice: (text) => terminal.print(text) }),
        });
      } catch (error) {
        if (!stopsTheRun(error)) throw error;
        capError = error;
      } finally {
        steering.running = false;
      }
      writeTuneOutputs({ study, outDir: setup.outDir, json: flags.json, cwd: io.cwd, llm });
      if (capError || controller.signal.aborted || steering.state.stopped) break;
      const revision = steering.revision;
      // Scripted messages the search never reached (e.g. "@25 /status" with a budget of 20) still count.
      while (pending.length > 0) {
        const message = pending.shift()!;
        await handleScripted(
          message,
          `» @${message.afterTrials} ${message.text} (the search ended after ${steering.done()} trials)`,
        );
      }
      await typed;
      if (steering.state.stopped) break;
      if (!canResume()) {
        if (steering.revision !== revision && wantsMore()) continue;
        break;
      }
      terminal.print(
        `search idle after ${steering.done()}/${steering.state.budget} trials: ask away, /budget N continues the search, /stop saves and quits.`,
      );
      if (!(await waitForMoreWork(revision))) break;
    }
    progress.stop();
    terminal.close();
    process.stdin.pause();
    const summary = writeTuneOutputs({ study, outDir: setup.outDir, json: flags.json, cwd: io.cwd, llm });
    if (!flags.json) {
      io.out('');
      io.out(formatStudy(summary));
      io.out(
        `\nwrote ${summary.best ? join(setup.outDir, 'best.json') + ' (use it with tune-rag run --config) and ' : ''}${join(setup.outDir, 'pareto.json')}`,
      );
      if (llm) io.out(formatLlmLine(llm, {}));
    }
    if (capError ?? accessDenied) throw llmStop(capError ?? accessDenied, llm);
    const refusal =
      flags.steerFile && !controller.signal.aborted
        ? steerFileRefusal({ display: flags.steerFile, outcomes: scriptedOutcomes })
        : null;
    if (refusal) throw refusal;
    // As tune: a chat whose LLM calls all failed (or more than the failure limit) measured the endpoint, not the pipeline.
    const allFailed = controller.signal.aborted
      ? null
      : tuneTotalFailure({ summary, llm, maxFailureRate: study.settings.maxFailureRate });
    if (allFailed) throw allFailed;
    if (controller.signal.aborted) {
      io.err(
        `interrupted: ${summary.counts.complete + summary.counts.pruned} trials are saved; continue with the same command plus --resume`,
      );
      process.exitCode = stop.exitCode() ?? 130;
    }
  } finally {
    stop.dispose();
    terminal.close();
    cache.close();
    store.close();
  }

  function wantsMore(): boolean {
    return !steering.state.stopped && steering.state.budget > study.trials().filter(countsTowardBudget).length;
  }

  /** Waits on an idle search until a change makes searching worthwhile (true) or the chat ends (false). */
  async function waitForMoreWork(since: number): Promise<boolean> {
    for (;;) {
      if (steering.state.stopped || !canResume()) return false;
      if (steering.revision !== since && wantsMore() && !steering.state.paused) return true;
      await steering.waitForChange(); // Ctrl-D and Ctrl-C apply /stop, which wakes this too
    }
  }
}
