import { Command, CommanderError } from 'commander';
import { isTuneRagError, renderErrorText } from '../errors.js';
import { flagOf } from './flag-names.js';
import { didYouMean } from '../names/suggest-name.js';
import { packageVersion } from '../package-root.js';
import { processIo, type CliIo } from './cli-io.js';
import { registerCacheCommand } from './command-cache.js';
import { registerChatCommand } from './command-chat.js';
import { registerDatasetsCommand } from './command-datasets.js';
import { registerEvalCommand } from './command-eval.js';
import { registerExportCommand } from './command-export.js';
import { registerGenerateCommand } from './command-generate.js';
import { registerReportCommand } from './command-report.js';
import { registerRunCommand } from './command-run.js';
import { registerRunsCommands } from './command-runs.js';
import { registerTuneCommand } from './command-tune.js';
import { registerWorkerCommand } from './command-worker.js';
import { registerSpaceCommand } from './command-space.js';

/** Exit codes: 0 ok, 1 a check failed (e.g. a regression), 2 bad input or an error. */
export const EXIT_ERROR = 2;

export function buildProgram(io: CliIo): Command {
  const program = new Command('tune-rag')
    .description('Tune retrieval-augmented generation pipelines: propose, run and score configurations')
    .version(packageVersion())
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  registerTuneCommand(program, io);
  registerChatCommand(program, io);
  registerWorkerCommand(program, io);
  registerRunCommand(program, io);
  registerRunsCommands(program, io);
  registerDatasetsCommand(program, io);
  registerSpaceCommand(program, io);
  registerEvalCommand(program, io);
  registerGenerateCommand(program, io);
  registerReportCommand(program, io);
  registerExportCommand(program, io);
  registerCacheCommand(program, io);
  for (const command of program.commands) command.exitOverride().showSuggestionAfterError(true);
  return program;
}

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user for bad input. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  // `tune` is the default command, so a misspelt command name would otherwise be taken as its
  // argument and reported as a missing --dataset: catch it here with a suggestion instead.
  const commands = program.commands.map((c) => c.name());
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
