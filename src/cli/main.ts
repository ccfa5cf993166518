import { Command, CommanderError } from 'commander';
import { isTuneRagError, renderErrorText } from '../errors.js';
import { flagOf } from './flag-names.js';
import { didYouMean } from '../names/suggest-name.js';
import { packageVersion } from '../package-root.js';
import { processIo, type CliIo } from './cli-io.js';
/** Exit codes: 0 ok, 1 a check failed (e.g. a regression), 2 bad input or an error. */
export const EXIT_ERROR = 2;

type RegisterCommand = (program: Command, io: CliIo) => void;

/**
 * Every command, in the order help lists them, each loaded only when it runs. A command's module
 * pulls in its whole stack (the pipeline, the stores, openai, langchain): loading all of them
 * cost every process about a second before it did anything, which a local worker paid before
 * its first trial and `tune-rag --version` paid to print one line.
 */
const loadRunsCommands = async () => (await import('./command-runs.js')).registerRunsCommands;
const COMMANDS: Record<string, () => Promise<RegisterCommand>> = {
  tune: async () => (await import('./command-tune.js')).registerTuneCommand,
  chat: async () => (await import('./command-chat.js')).registerChatCommand,
  worker: async () => (await import('./command-worker.js')).registerWorkerCommand,
  run: async () => (await import('./command-run.js')).registerRunCommand,
  runs: loadRunsCommands,
  show: loadRunsCommands,
  datasets: async () => (await import('./command-datasets.js')).registerDatasetsCommand,
  space: async () => (await import('./command-space.js')).registerSpaceCommand,
  eval: async () => (await import('./command-eval.js')).registerEvalCommand,
  generate: async () => (await import('./command-generate.js')).registerGenerateCommand,
  report: async () => (await import('./command-report.js')).registerReportCommand,
  export: async () => (await import('./command-export.js')).registerExportCommand,
  cache: async () => (await import('./command-cache.js')).registerCacheCommand,
};

/** The names of every command (`tune` is the default: flags without a command name run it). */
export const COMMAND_NAMES = Object.keys(COMMANDS);

/**
 * The program with the commands `argv` can reach: the one it names, `tune` when it starts with a
 * flag, every command when it asks for the top-level help. Without `argv`, every command.
 */
export async function buildProgram(io: CliIo, argv?: readonly string[]): Promise<Command> {
  const program = new Command('tune-rag')
    .description('Tune retrieval-augmented generation pipelines: propose, run and score configurations')
    .version(packageVersion())
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  // One module may register several commands (runs and show): load and register it once.
  const loaders = new Set(commandsFor(argv).map((name) => COMMANDS[name]!));
  const registers = await Promise.all([...loaders].map((load) => load()));
  for (const register of registers) register(program, io);
  for (const command of program.commands) command.exitOverride().showSuggestionAfterError(true);
  return program;
}

function commandsFor(argv: readonly string[] | undefined): string[] {
  const first = argv?.[0];
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') return COMMAND_NAMES;
  if (COMMAND_NAMES.includes(first)) return [first];
  if (first === '--version' || first === '-V') return [];
  return ['tune'];
}

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user for bad input. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = await buildProgram(io, argv);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  // `tune` is the default command, so a misspelt command name would otherwise be taken as its
  // argument and reported as a missing --dataset: catch it here with a suggestion instead.
  const commands = COMMAND_NAMES;
  if (argv[0] && !argv[0].startsWith('-') && !commands.includes(argv[0]) && argv[0] !== 'help') {
    io.err(`error: unknown command '${argv[0]}'.${didYouMean(argv[0], commands)}`);
    io.err(`Commands: ${commands.join(', ')}. Run "tune-rag --help" for more.`);
    return EXIT_ERROR;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return reportError(error, io, commands.includes(argv[0]) ? argv[0] : 'tune');
  }
}

/** `command`: the command that ran (`tune` when none was named: it is the default). */
function reportError(error: unknown, io: CliIo, command: string): number {
  if (error instanceof CommanderError) {
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return 0;
    // Commander already printed its message; add where to look.
    // The first word that is not a flag may be a flag's value ("--dataset demo"), so name the command itself.
    io.err(`Run "tune-rag ${command} --help" to see the flags.`);
    return EXIT_ERROR;
  }
  if (isTuneRagError(error)) {
    // Library errors name options (`maxCost`); the CLI user typed flags (`--max-cost`).
    io.err(`error: ${renderErrorText(error.template.message, flagOf)}`);
    if (error.template.hint) io.err(`hint: ${renderErrorText(error.template.hint, flagOf)}`);
    return EXIT_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`internal error: ${message}`);
  if (process.env.TUNE_RAG_DEBUG) io.err(error instanceof Error && error.stack ? error.stack : '');
  else io.err('This is a bug in tune-rag. Set TUNE_RAG_DEBUG=1 to print the stack trace, and please report it.');
  return EXIT_ERROR;
}
